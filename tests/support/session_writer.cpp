// A helper of tst_faults: saves a session through the app's own writer (writeSessionFile, which
// MainWindow::saveSession calls) so that the test can kill it with SIGKILL mid-save.
//   session_writer PATH a|b        one save of session A or B
//   session_writer PATH loop N     N saves, A and B in turn (A first, so an even N ends with B)
// Both sessions are a few MB (a study result of that size), so a save takes long enough for
// kills to land inside it too.
#include "session.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace flicker;

namespace {

SessionState session(bool b) {
    SessionState s;
    s.demo = false;
    s.dataPath = QStringLiteral("/data/aclImdb");
    s.modelPath = QStringLiteral("/models/m.flicker");
    s.dark = b;
    s.page = b ? 2 : 1;
    s.noise.seed = b ? 7 : 3;
    // A study result of about 3 MB: numbers that differ between A and B.
    QJsonArray values;
    for (int k = 0; k < 150000; ++k)
        values.append(double(k) * (b ? 0.5 : 0.25) + 0.123456789);
    s.studyJson = QJsonDocument(QJsonObject{{"format", "flicker-study"}, {"values", values}})
                      .toJson(QJsonDocument::Compact)
                      .toStdString();
    return s;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: session_writer PATH a|b|loop [N]\n");
        return 2;
    }
    const QString path = args[1], mode = args[2];
    const SessionState a = session(false), b = session(true);
    const int count = mode == QLatin1String("loop") && args.size() > 3 ? args[3].toInt() : 1;
    for (int k = 0; k < count; ++k) {
        const bool second = mode == QLatin1String("b") || (mode == QLatin1String("loop") && k % 2);
        QString error;
        if (!writeSessionFile(path, second ? b : a, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
    }
    return 0;
}
