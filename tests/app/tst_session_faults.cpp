// A session whose data set or model has been moved or deleted since it was saved (issue 17 §4):
// it opens with a message naming the file that has gone, and everything else is restored —
// the file that is still there is opened, the window and the pages get their settings back.
#include "explorer/study_page.h"
#include "main_window.h"
#include "model/model.h"
#include "noise_page.h"
#include "support/aclimdb_folder.h"
#include "support/small_model.h"
#include "sweep/sweep_page.h"
#include "text/demo_corpus.h"
#include "workspace.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace flicker;

namespace {

constexpr int kTimeoutMs = 120000;

} // namespace

class TestSessionFaults : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_data, m_model, m_session;

    // Opens the session in a new window; returns the message of sessionRestored().
    QString reopen(MainWindow& window) {
        QSignalSpy restored(&window, &MainWindow::sessionRestored);
        window.openSession(m_session);
        if (!QTest::qWaitFor([&] { return !restored.isEmpty(); }, kTimeoutMs))
            return QStringLiteral("timed out");
        return restored.front().front().toString();
    }
    // Everything but the data set and the model came back.
    static void checkViews(MainWindow& window) {
        QVERIFY(window.darkTheme());
        QCOMPARE(window.noisePage()->state().kind, NoiseKind::Brown);
        QCOMPARE(window.noisePage()->state().seed, 7);
        QCOMPARE(window.sweepPage()->state().sizes, QStringLiteral("2, 8"));
        QCOMPARE(window.studyPage()->state().reviews, 3);
        QCOMPARE(window.studyPage()->state().controls, false);
        // The message is also shown to the user.
        QVERIFY(window.findChild<QMessageBox*>(QStringLiteral("errorMessage")));
    }

private slots:
    // A data set folder and a model file on disk, a window with its settings, saved.
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        const Corpus corpus = test::smallDemoCorpus(150);
        m_data = test::writeAclImdb(corpus, m_dir.path());
        QVERIFY(!m_data.isEmpty());
        m_model = m_dir.filePath(QStringLiteral("small.flicker"));
        saveCheckpoint(test::trainSmallModel(corpus, 6, 8, 100), m_model.toStdString());
        m_session = m_dir.filePath(QStringLiteral("work.flicker-session"));

        MainWindow window(false);
        window.studyPage()->reviewsSpin()->setValue(3);
        window.studyPage()->controlsCheck()->setChecked(false);
        QSignalSpy ready(&window, &MainWindow::workspaceReady);
        window.openDataSet(m_data);
        window.openModel(m_model);
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() && window.workspace()->ready(), kTimeoutMs);
        window.setDarkTheme(true);
        NoisePage::State noise;
        noise.kind = NoiseKind::Brown;
        noise.seed = 7;
        window.noisePage()->setState(noise);
        window.sweepPage()->setSizes(QStringLiteral("2, 8"));
        QString error;
        QVERIFY2(window.saveSession(m_session, &error), qPrintable(error));
        window.jobs()->cancel(true);
        window.jobs()->waitForAll();
    }

    void dataSetMoved() {
        const QString moved = m_data + QStringLiteral("-moved");
        QVERIFY(QDir().rename(m_data, moved));
        MainWindow window(false);
        const QString message = reopen(window);
        QVERIFY(QDir().rename(moved, m_data));
        QVERIFY2(message.contains(QDir::toNativeSeparators(m_data)) &&
                     message.contains(QStringLiteral("moved or deleted")) &&
                     !message.contains(QStringLiteral("small.flicker")),
                 qPrintable(message));
        QCOMPARE(window.workspace()->modelPath(), m_model); // the model that is there is open
        QVERIFY(!window.workspace()->corpus());
        checkViews(window);
        window.jobs()->cancel(true);
        window.jobs()->waitForAll();
    }

    void modelDeleted() {
        const QByteArray kept = [&] {
            QFile f(m_model);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(QFile::remove(m_model));
        MainWindow window(false);
        const QString message = reopen(window);
        QFile back(m_model);
        QVERIFY(back.open(QIODevice::WriteOnly) && back.write(kept) == kept.size());
        back.close();
        QVERIFY2(message.contains(QDir::toNativeSeparators(m_model)) &&
                     message.contains(QStringLiteral("moved or deleted")),
                 qPrintable(message));
        QVERIFY(window.workspace()->corpus()); // the data set that is there is open
        QCOMPARE(QString::fromStdString(window.workspace()->corpus()->source), m_data);
        QVERIFY(window.workspace()->modelPath().isEmpty());
        checkViews(window);
        window.jobs()->cancel(true);
        window.jobs()->waitForAll();
    }

    void bothGone() {
        QVERIFY(QFile::rename(m_model, m_model + QStringLiteral(".away")));
        QVERIFY(QDir().rename(m_data, m_data + QStringLiteral("-away")));
        MainWindow window(false);
        const QString message = reopen(window);
        QVERIFY(QFile::rename(m_model + QStringLiteral(".away"), m_model));
        QVERIFY(QDir().rename(m_data + QStringLiteral("-away"), m_data));
        QVERIFY2(message.contains(QDir::toNativeSeparators(m_data)) &&
                     message.contains(QDir::toNativeSeparators(m_model)),
                 qPrintable(message));
        checkViews(window);
        // With both back, the same session opens whole.
        MainWindow again(false);
        QCOMPARE(reopen(again), QString());
        QCOMPARE(again.workspace()->modelPath(), m_model);
        QCOMPARE(again.studyPage()->state().reviews, 3);
        again.jobs()->cancel(true);
        again.jobs()->waitForAll();
    }
};

QTEST_MAIN(TestSessionFaults)
#include "tst_session_faults.moc"
