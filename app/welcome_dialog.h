// The first-start welcome: the built-in demo corpus (ready at once, with a model), an IMDb
// folder, archive or CSV of one's own, or downloading the IMDb data set. Help › Welcome shows it
// again.
#pragma once

#include <QDialog>

class QPushButton;

namespace flicker {

class WelcomeDialog : public QDialog {
    Q_OBJECT

public:
    explicit WelcomeDialog(QWidget* parent = nullptr);

    QPushButton* demoButton() const { return m_demo; }
    QPushButton* openButton() const { return m_open; }
    QPushButton* downloadButton() const { return m_download; }

signals:
    void demoChosen();
    void openChosen();
    void downloadChosen();

private:
    QPushButton* m_demo;
    QPushButton* m_open;
    QPushButton* m_download;
};

} // namespace flicker
