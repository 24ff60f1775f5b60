// Keeps the dependency direction of README.md ("How the code is organised") checkable:
// core ← widgets ← app. No GUI include in core, no Qt type in core's headers, no LibTorch include
// outside core, no Qt include in core/signal, no dialog or settings in widgets (the app asks for
// file names); inside core, study ← io ← pipeline (study includes neither io nor pipeline,
// nothing but pipeline includes pipeline); each module's CMake files name only files of their
// own folder.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

namespace {
QStringList offenders(const QString& folder, const QRegularExpression& pattern,
                      const QStringList& files = {"*.h", "*.cpp", "*.hpp"}) {
    QStringList bad;
    QDirIterator it(QStringLiteral(FLICKER_SOURCE_DIR) + "/" + folder, files, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) continue;
        const QString text = QString::fromUtf8(f.readAll());
        if (pattern.match(text).hasMatch()) bad << path;
    }
    return bad;
}

// The CMake files (CMakeLists.txt, *.cmake) under `folder` whose code, comments left out, names
// a path outside its own folder: `../`, or a path below the top of the source tree.
QStringList cmakeOffenders(const QString& folder) {
    const QRegularExpression outside("\\.\\./|\\$\\{(PROJECT|CMAKE)_SOURCE_DIR\\}/");
    QStringList bad;
    QDirIterator it(QStringLiteral(FLICKER_SOURCE_DIR) + "/" + folder,
                    {"CMakeLists.txt", "*.cmake"}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) continue;
        const QStringList lines = QString::fromUtf8(f.readAll()).split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString code = lines[i].section(u'#', 0, 0);
            if (outside.match(code).hasMatch()) bad << path + ":" + QString::number(i + 1);
        }
    }
    return bad;
}
} // namespace

class TestLayering : public QObject {
    Q_OBJECT
private slots:
    void sourcesExist() {
        QVERIFY(QFile::exists(QStringLiteral(FLICKER_SOURCE_DIR) + "/core/signal/dfa.h"));
    }
    void noGuiInCore() {
        const QRegularExpression gui(
            "#\\s*include\\s*[<\"](QtWidgets|QtGui|QWidget|QMainWindow|QApplication|QPainter|"
            "QImage|qcustomplot)");
        const QStringList bad = offenders("core", gui);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(", ")));
    }
    void noTorchOutsideCore() {
        const QRegularExpression torch("#\\s*include\\s*[<\"](torch/|ATen/|c10/)");
        const QStringList bad = offenders("widgets", torch) + offenders("app", torch);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(", ")));
    }
    // Core's headers are what widgets, app and the CLI see: plain C++ types only, no Qt.
    void noQtInCoreHeaders() {
        const QRegularExpression qt("#\\s*include\\s*<Q[A-Za-z]+>|\\bclass\\s+Q[A-Z]\\w*\\s*;|"
                                    "\\bQ(String|Json\\w*|ByteArray|List|Vector|Object)\\b");
        const QStringList bad = offenders("core", qt, {"*.h"});
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(", ")));
    }
    void signalIsPlainCpp() {
        const QRegularExpression qt("#\\s*include\\s*<Q[A-Za-z]+>");
        const QStringList bad = offenders("core/signal", qt);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(", ")));
    }
    // Figures draw; the app opens the dialogs and keeps the settings (app/figure_export.h).
    void noDialogsOrSettingsInWidgets() {
        const QRegularExpression dialogs(
            "#\\s*include\\s*[<\"](QtWidgets/)?(QFileDialog|QMessageBox|"
            "QDialog|QDialogButtonBox|QInputDialog|QSettings)[>\"]");
        const QStringList bad = offenders("widgets", dialogs);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(", ")));
    }
    // core/pipeline's workflows combine study/, io/, train/ and model/; none of them uses it,
    // and study/ measures without reading or writing files (that is io/'s, which sees study/).
    void pipelineOnTopOfStudyAndIo() {
        const QRegularExpression ioOrPipeline("#\\s*include\\s*\"(io|pipeline)/");
        const QRegularExpression pipeline("#\\s*include\\s*\"pipeline/");
        QStringList bad = offenders("core/study", ioOrPipeline);
        for (const QString& path : offenders("core", pipeline))
            if (!path.contains("/core/pipeline/")) bad << path;
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(", ")));
    }
    void cmakeFilesStayInTheirFolder() {
        QStringList bad;
        for (const char* folder : {"core", "widgets", "app", "tests", "bench"})
            bad += cmakeOffenders(QString::fromLatin1(folder));
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(", ")));
    }
};

QTEST_GUILESS_MAIN(TestLayering)
#include "tst_layering.moc"
