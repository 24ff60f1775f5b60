#include "data/download_dialog.h"

#include "data/downloader.h"
#include "plot_style.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <utility>

namespace flicker {

DownloadDialog::DownloadDialog(QWidget* parent)
    : QDialog(parent), m_downloader(new Downloader(this)), m_address(new QLineEdit(this)),
      m_destination(new QLineEdit(this)), m_browse(new QPushButton(tr("Browse…"), this)),
      m_unpack(new QCheckBox(this)), m_bar(new QProgressBar(this)), m_amount(new QLabel(this)),
      m_state(new QLabel(this)), m_error(new QLabel(this)),
      m_download(new QPushButton(tr("&Download"), this)),
      m_resume(new QPushButton(tr("&Resume"), this)),
      m_cancel(new QPushButton(tr("&Cancel"), this)), m_close(new QPushButton(tr("Close"), this)) {
    setWindowTitle(tr("Download the IMDb data set"));
    m_address->setObjectName(QStringLiteral("address"));
    m_destination->setObjectName(QStringLiteral("destination"));
    m_unpack->setObjectName(QStringLiteral("unpack"));
    m_bar->setObjectName(QStringLiteral("progress"));
    m_amount->setObjectName(QStringLiteral("amount"));
    m_state->setObjectName(QStringLiteral("state"));
    m_error->setObjectName(QStringLiteral("error"));
    m_download->setObjectName(QStringLiteral("download"));
    m_resume->setObjectName(QStringLiteral("resume"));
    m_cancel->setObjectName(QStringLiteral("cancel"));

    m_address->setText(Downloader::officialUrl().toString());
    m_address->setToolTip(tr("The official address is %1 (about 84 MB: 50,000 labelled movie "
                             "reviews from Maas et al., 2011)")
                              .arg(Downloader::officialUrl().toString()));
    m_destination->setText(Downloader::defaultDataFolder() + QStringLiteral("/aclImdb_v1.tar.gz"));
    m_unpack->setText(tr("Also unpack it into %1 (Flicker reads the archive directly; the "
                         "unpacked files take about 500 MB)")
                          .arg(QDir::toNativeSeparators(m_downloader->dataFolder())));
    m_bar->setRange(0, 1000);
    m_bar->setValue(0);
    m_bar->setTextVisible(false);
    for (QLabel* label : {m_amount, m_state, m_error}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_error->setStyleSheet(
        QStringLiteral("color: %1;")
            .arg(style::errorColor(m_error->palette().color(QPalette::Window)).name()));
    m_error->hide();
    m_download->setToolTip(
        tr("Download the archive; continues a partial download if there is one"));
    m_resume->setToolTip(tr("Continue the partial download where it stopped"));
    m_cancel->setToolTip(tr("Stop; what was downloaded is kept for Resume"));

    auto* destinationRow = new QHBoxLayout;
    destinationRow->addWidget(m_destination, 1);
    destinationRow->addWidget(m_browse);
    auto* form = new QFormLayout;
    form->addRow(tr("&Address:"), m_address);
    form->addRow(tr("&Save as:"), destinationRow);
    form->addRow(QString(), m_unpack);

    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_download, QDialogButtonBox::ActionRole);
    buttons->addButton(m_resume, QDialogButtonBox::ActionRole);
    buttons->addButton(m_cancel, QDialogButtonBox::ActionRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_bar);
    layout->addWidget(m_amount);
    layout->addWidget(m_state);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(560);

    connect(m_download, &QPushButton::clicked, this, &DownloadDialog::download);
    connect(m_resume, &QPushButton::clicked, this, &DownloadDialog::download);
    connect(m_cancel, &QPushButton::clicked, this, &DownloadDialog::cancel);
    connect(m_close, &QPushButton::clicked, this, &DownloadDialog::reject);
    connect(m_browse, &QPushButton::clicked, this, &DownloadDialog::browse);
    connect(m_destination, &QLineEdit::textChanged, this, [this] {
        if (!m_downloader->busy()) showIdleState();
        updateControls();
    });
    connect(m_downloader, &Downloader::progress, this, &DownloadDialog::onProgress);
    connect(m_downloader, &Downloader::stepProgress, this, &DownloadDialog::onStepProgress);
    connect(m_downloader, &Downloader::stateChanged, this, &DownloadDialog::onStateChanged);
    connect(m_downloader, &Downloader::finished, this, &DownloadDialog::onFinished);
    connect(m_downloader, &Downloader::extracted, this, &DownloadDialog::onExtracted);
    connect(m_downloader, &Downloader::failed, this, &DownloadDialog::onFailed);
    connect(m_downloader, &Downloader::cancelled, this, [this] {
        if (m_checkedArchive.isEmpty()) return;
        // Unpacking was cancelled; the checked archive is there and Flicker reads it directly.
        const QString archive = std::exchange(m_checkedArchive, QString());
        m_state->setText(tr("Unpacking cancelled; the checked archive %1 is used.")
                             .arg(QDir::toNativeSeparators(archive)));
        emit datasetReady(archive);
    });

    showIdleState();
    updateControls();
}

DownloadDialog::~DownloadDialog() = default;

void DownloadDialog::setAddress(const QString& address) {
    m_address->setText(address);
}
QString DownloadDialog::address() const {
    return m_address->text();
}
void DownloadDialog::setDestination(const QString& file) {
    m_destination->setText(file);
}
QString DownloadDialog::destination() const {
    return m_destination->text();
}
void DownloadDialog::setUnpack(bool unpack) {
    m_unpack->setChecked(unpack);
}

QString DownloadDialog::timeLeftText(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return {};
    const auto s = qint64(std::ceil(seconds));
    if (s < 60) return tr("about %1 s left").arg(s);
    if (s < 3600) return tr("about %1 min left").arg((s + 30) / 60);
    return tr("about %1 h %2 min left").arg(s / 3600).arg((s % 3600) / 60);
}

void DownloadDialog::download() {
    if (m_downloader->busy()) return;
    const QUrl url = QUrl::fromUserInput(m_address->text().trimmed());
    const QString target = QDir::cleanPath(m_destination->text().trimmed());
    m_error->clear();
    m_error->hide();
    m_checkedArchive.clear();
    m_downloader->setExtractAfterDownload(m_unpack->isChecked());
    m_downloader->start(url, target);
    updateControls();
}

void DownloadDialog::cancel() {
    m_downloader->cancel();
}

void DownloadDialog::reject() {
    if (m_downloader->busy()) m_downloader->cancel();
    QDialog::reject();
}

void DownloadDialog::browse() {
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Save the IMDb archive as"), m_destination->text(),
                                     tr("Compressed archives (*.tar.gz *.tgz)"));
    if (!file.isEmpty()) m_destination->setText(QDir::toNativeSeparators(file));
}

void DownloadDialog::updateControls() {
    const bool busy = m_downloader->busy();
    const QString target = QDir::cleanPath(m_destination->text().trimmed());
    const bool partial = !target.isEmpty() && QFileInfo::exists(Downloader::partFileFor(target));
    m_download->setEnabled(!busy);
    m_resume->setEnabled(!busy && partial);
    m_cancel->setEnabled(busy);
    m_address->setReadOnly(busy);
    m_destination->setReadOnly(busy);
    m_browse->setEnabled(!busy);
    m_unpack->setEnabled(!busy);
    (partial && !busy ? m_resume : m_download)->setDefault(true);
}

void DownloadDialog::showIdleState() {
    const QString target = QDir::cleanPath(m_destination->text().trimmed());
    const QFileInfo part(Downloader::partFileFor(target));
    if (!target.isEmpty() && part.exists())
        m_state->setText(tr("A partial download (%1) is there; Resume continues it.")
                             .arg(Downloader::sizeText(part.size())));
    else if (!target.isEmpty() && QFileInfo::exists(target))
        m_state->setText(tr("%1 is already there; a new download replaces it only once it is "
                            "complete and checked.")
                             .arg(QFileInfo(target).fileName()));
    else
        m_state->setText(tr("Ready to download."));
}

void DownloadDialog::onProgress(qint64 received, qint64 total, double bytesPerSecond) {
    if (total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(std::min<qint64>(1000, received * 1000 / total)));
    } else {
        m_bar->setRange(0, 0); // size unknown: a busy bar
    }
    QString text =
        total > 0 ? tr("%1 of %2").arg(Downloader::sizeText(received), Downloader::sizeText(total))
                  : Downloader::sizeText(received);
    if (bytesPerSecond > 0) {
        text += tr(" · %1 MB/s").arg(bytesPerSecond / 1e6, 0, 'f', 1);
        if (total > 0 && received < total)
            text += QStringLiteral(" · ") + timeLeftText(double(total - received) / bytesPerSecond);
    }
    m_amount->setText(text);
}

void DownloadDialog::onStepProgress(double fraction, const QString& text) {
    if (fraction >= 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000)));
    } else {
        m_bar->setRange(0, 0);
    }
    m_amount->setText(text);
}

void DownloadDialog::onStateChanged() {
    switch (m_downloader->state()) {
    case Downloader::State::Idle:
        showIdleState();
        break;
    case Downloader::State::Downloading:
        m_state->setText(tr("Downloading %1…").arg(m_downloader->url().toString()));
        break;
    case Downloader::State::Checking:
        m_state->setText(tr("Checking that the archive is whole and holds the 50,000 labelled "
                            "reviews…"));
        break;
    case Downloader::State::Extracting:
        m_state->setText(tr("Unpacking…"));
        break;
    case Downloader::State::Finished:
        break; // onFinished / onExtracted say where
    case Downloader::State::Failed:
        m_state->setText(tr("Stopped."));
        break;
    case Downloader::State::Cancelled: {
        const QFileInfo part(Downloader::partFileFor(m_downloader->targetFile()));
        m_state->setText(part.exists()
                             ? tr("Cancelled; the partial download (%1) is kept: press Resume "
                                  "to continue.")
                                   .arg(Downloader::sizeText(part.size()))
                             : tr("Cancelled."));
        break;
    }
    }
    updateControls();
}

void DownloadDialog::onFinished(const QString& path) {
    m_state->setText(tr("Done: the checked archive is %1.").arg(QDir::toNativeSeparators(path)));
    if (m_downloader->extractAfterDownload()) {
        m_checkedArchive = path; // unpacking follows
        return;
    }
    emit datasetReady(path);
}

void DownloadDialog::onExtracted(const QString& folder) {
    m_checkedArchive.clear();
    m_state->setText(
        tr("Done: the data set is unpacked in %1.").arg(QDir::toNativeSeparators(folder)));
    emit datasetReady(folder);
}

void DownloadDialog::onFailed(const QString& message) {
    if (!m_checkedArchive.isEmpty()) {
        // Unpacking failed, but the checked archive is there and Flicker reads it directly.
        const QString archive = std::exchange(m_checkedArchive, QString());
        showError(
            message + QLatin1Char(' ') +
            tr("The checked archive %1 is used instead.").arg(QDir::toNativeSeparators(archive)));
        emit datasetReady(archive);
        return;
    }
    showError(message);
}

void DownloadDialog::showError(const QString& message) {
    m_error->setText(message);
    m_error->show();
    updateControls();
}

} // namespace flicker
