// The first-start welcome (see welcome_dialog.h).
#include "welcome_dialog.h"

#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace flicker {
namespace {

QPushButton* choice(const QString& title, const QString& detail) {
    auto* button = new QPushButton(QStringLiteral("%1\n%2").arg(title, detail));
    button->setMinimumHeight(64);
    button->setStyleSheet(QStringLiteral("text-align: left; padding: 8px 14px;"));
    return button;
}

} // namespace

WelcomeDialog::WelcomeDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Welcome to Flicker"));
    auto* intro = new QLabel(
        tr("<h2>Find 1/f noise inside a neural network</h2>"
           "<p>Flicker lets you watch an LSTM read movie reviews and measure how its neurons "
           "fluctuate: white like the words it reads, or pink — 1/f — like a brain at rest.</p>"
           "<p>Where would you like to start?</p>"));
    intro->setWordWrap(true);
    m_demo =
        choice(tr("The built-in demo corpus"),
               tr("Generated movie reviews and a trained model, ready now (already loading)."));
    m_open = choice(tr("Open IMDb or your own reviews…"),
                    tr("An aclImdb folder or its .tar.gz archive, a CSV with review and sentiment "
                       "columns, or a folder of .txt files."));
    m_download = choice(tr("Download the IMDb data set…"),
                        tr("50,000 labelled movie reviews (Maas et al. 2011), 84 MB from Stanford; "
                           "checked before use, resumable."));
    m_demo->setDefault(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_demo);
    layout->addWidget(m_open);
    layout->addWidget(m_download);
    auto* note = new QLabel(tr("Help › Welcome shows this again. With IMDb, train a model with "
                               "File › Train a model (about 7 minutes on two cores)."));
    note->setWordWrap(true);
    layout->addWidget(note);
    connect(m_demo, &QPushButton::clicked, this, [this] {
        accept();
        emit demoChosen();
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        accept();
        emit openChosen();
    });
    connect(m_download, &QPushButton::clicked, this, [this] {
        accept();
        emit downloadChosen();
    });
    resize(560, 440);
}

} // namespace flicker
