// flicker-cli dimensionality: the JSON schema of --json, the files it writes, seeded reruns that
// repeat exactly, and bad options refused with exit code 2 and a message naming them.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {
struct Run {
    int exitCode = -1;
    QString out, err;
};

Run runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(FLICKER_CLI_PATH), args);
    p.closeWriteChannel();
    // A cap, not a timing: a loaded CI machine may be slow; a hang still ends the test.
    if (!p.waitForFinished(600000)) {
        p.kill();
        p.waitForFinished();
        return {-1, QString(), QStringLiteral("flicker-cli did not finish within 10 minutes")};
    }
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}
} // namespace

class TestDimensionalityCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
private slots:
    void jsonSchema() {
        const QString dir = m_dir.filePath("lab");
        // Small: 20 units, d = 2, 2 epochs; every γ × seed.
        const QStringList args{"dimensionality",
                               "--gamma",
                               "20,250",
                               "--seeds",
                               "1,2",
                               "--units",
                               "20",
                               "--epochs",
                               "2",
                               "--input-dim",
                               "2",
                               "--noise",
                               "0.1",
                               "--out",
                               dir,
                               "--json"};
        const Run r = runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(root["experiment"].toString(), QString("dimensionality"));
        QVERIFY(root["provenance"].toObject()["program"].toString().startsWith("Flicker "));
        QVERIFY(!root["provenance"].toObject()["created"].toString().isEmpty());
        QCOMPARE(root["settings"].toObject()["gammas"].toArray().size(), 2);
        const QJsonArray runs = root["runs"].toArray();
        QCOMPARE(runs.size(), 4);
        const double gammas[] = {20, 20, 250, 250};
        const int seeds[] = {1, 2, 1, 2};
        for (int k = 0; k < 4; ++k) {
            const QJsonObject run = runs[k].toObject();
            QCOMPARE(run["gamma"].toDouble(), gammas[k]);
            QCOMPARE(run["seed"].toInt(), seeds[k]);
            QCOMPARE(run["input_dim"].toInt(), 2);
            QCOMPARE(run["noise"].toDouble(), 0.1);
            QCOMPARE(run["epochs"].toInt(), 2);
            QVERIFY(run["completed"].toBool());
            const QJsonArray steps = run["steps"].toArray();
            QCOMPARE(steps.size(), 16);
            for (int t = 0; t < 16; ++t)
                QCOMPARE(steps[t].toInt(), t);
            for (const char* field :
                 {"pr_before", "pr_after", "generalisation_before", "generalisation_after"}) {
                const QJsonArray a = run[field].toArray();
                QVERIFY2(a.size() == 16, field);
                for (const QJsonValue v : a)
                    QVERIFY2(v.isDouble() && v.toDouble() >= 0, field);
            }
            // Step 0 is the input: d = 2 fills at most 2 dimensions; 20 units at most 20.
            QVERIFY(run["pr_before"].toArray()[0].toDouble() <= 2.0 + 1e-9);
            for (const QJsonValue v : run["pr_after"].toArray())
                QVERIFY(v.toDouble() <= 20.0 + 1e-9);
            for (const char* field : {"lyapunov_before", "lyapunov_after"}) {
                const QJsonArray a = run[field].toArray();
                QVERIFY2(a.size() == 20, field);
                QVERIFY2(a[0].toDouble() >= a[19].toDouble(), field);
            }
            const double acc = run["test_accuracy"].toDouble(-1);
            QVERIFY(acc >= 0 && acc <= 1);
            QCOMPARE(run["training"].toArray().size(), 3); // epoch 0, 1, 2
        }
        for (const char* file : {"dimensionality.json", "dimensionality_steps.csv",
                                 "dimensionality_epochs.csv", "dimensionality_pca.csv"})
            QVERIFY2(QFile::exists(dir + "/" + file), file);
        QFile steps(dir + "/dimensionality_steps.csv");
        QVERIFY(steps.open(QIODevice::ReadOnly));
        QCOMPARE(steps.readAll().count('\n'), 1 + 4 * 16);
        // Seeded: a rerun gives the same numbers.
        const Run again = runCli(args);
        QCOMPARE(again.exitCode, 0);
        const QJsonArray runs2 =
            QJsonDocument::fromJson(again.out.toUtf8()).object()["runs"].toArray();
        for (int k = 0; k < 4; ++k)
            for (const char* field : {"pr_before", "pr_after", "lyapunov_after", "test_accuracy",
                                      "generalisation_after"})
                QVERIFY2(runs[k].toObject()[field] == runs2[k].toObject()[field], field);
    }
    void badOptions() {
        const QString dir = m_dir.filePath("bad");
        const Run loss = runCli({"dimensionality", "--loss", "hinge", "--out", dir});
        QCOMPARE(loss.exitCode, 2);
        QVERIFY2(loss.err.contains("--loss must be ce or mse"), qPrintable(loss.err));
        const Run noOut = runCli({"dimensionality"});
        QCOMPARE(noOut.exitCode, 2);
        QVERIFY(noOut.err.contains("--out DIR is required"));
        const Run dropout = runCli({"dimensionality", "--dropout", "1", "--out", dir});
        QCOMPARE(dropout.exitCode, 2);
        QVERIFY2(dropout.err.contains("dropout must be in [0, 1)"), qPrintable(dropout.err));
        const Run gamma = runCli({"dimensionality", "--gamma", "20,x", "--out", dir});
        QCOMPARE(gamma.exitCode, 2);
        QVERIFY(gamma.err.contains("--gamma"));
        const Run negative = runCli({"dimensionality", "--gamma", "-5", "--out", dir});
        QCOMPARE(negative.exitCode, 2);
        QVERIFY2(negative.err.contains("γ must be > 0"), qPrintable(negative.err));
        const Run mapping = runCli({"dimensionality", "--input-mapping", "diagonal", "--out", dir});
        QCOMPARE(mapping.exitCode, 2);
        QVERIFY(mapping.err.contains("orthogonal or first-units"));
    }
};

QTEST_GUILESS_MAIN(TestDimensionalityCli)
#include "tst_dimensionality_cli.moc"
