// The "Download the IMDb data set" dialog: address, destination, progress (MB, MB/s, time
// left), Download / Resume / Cancel, what is happening and what went wrong. Emits datasetReady
// with the checked archive (or the unpacked folder) for the main window to open.
#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace flicker {

class Downloader;

class DownloadDialog : public QDialog {
    Q_OBJECT

public:
    /// Address: Downloader::officialUrl(); destination: Downloader::defaultDataFolder() +
    /// "/aclImdb_v1.tar.gz".
    explicit DownloadDialog(QWidget* parent = nullptr);
    ~DownloadDialog() override;

    /// The downloader behind the dialog (to set the expected counts or the data folder).
    Downloader& downloader() { return *m_downloader; }
    void setAddress(const QString& address);
    QString address() const;
    void setDestination(const QString& file);
    QString destination() const;
    /// Whether the checked archive is also unpacked into the downloader's data folder.
    void setUnpack(bool unpack);

    /// "about 35 s left", "about 3 min left", "about 1 h 5 min left".
    static QString timeLeftText(double seconds);

signals:
    /// The archive was downloaded and checked (or, with unpacking, unpacked): open `path`.
    void datasetReady(const QString& path);

public slots:
    void download();
    void cancel();

protected:
    void reject() override;

private:
    void browse();
    void updateControls();
    void showIdleState();
    void onProgress(qint64 received, qint64 total, double bytesPerSecond);
    void onStepProgress(double fraction, const QString& text);
    void onStateChanged();
    void onFinished(const QString& path);
    void onExtracted(const QString& folder);
    void onFailed(const QString& message);
    void showError(const QString& message);

    Downloader* m_downloader;
    QLineEdit* m_address;
    QLineEdit* m_destination;
    QPushButton* m_browse;
    QCheckBox* m_unpack;
    QProgressBar* m_bar;
    QLabel* m_amount;
    QLabel* m_state;
    QLabel* m_error;
    QPushButton* m_download;
    QPushButton* m_resume;
    QPushButton* m_cancel;
    QPushButton* m_close;
    QString m_checkedArchive; // set once finished() came while unpacking follows
};

} // namespace flicker
