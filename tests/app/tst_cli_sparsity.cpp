// flicker-cli sparsity end to end on a small IDX folder the test writes: the JSON schema the
// issue promises, sparsity.json / sparsity.csv and the receptive-field PNG with provenance, the
// resume of a rerun, refusal of other settings in the same folder, and bad arguments and a
// damaged data folder as exit code 2 with a message naming the problem.
#include "support/image_fixtures.h"

#include <QFile>
#include <QImage>
#include <QImageReader>
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
    if (!p.waitForFinished(600000)) { // a cap for a loaded machine, not a timing
        p.kill();
        p.waitForFinished();
        return {-1, QString(), QStringLiteral("flicker-cli did not finish within 10 minutes")};
    }
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}
} // namespace

class TestCliSparsity : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_data;

private slots:
    void initTestCase() {
        m_data = m_dir.filePath("idx");
        flicker::testing::writeIdxFolder(m_data, flicker::testing::syntheticData(400, 100));
    }

    void jsonSchemaResumeAndFields() {
        const QString out = m_dir.filePath("run");
        const QString png = m_dir.filePath("fields.png");
        const QStringList args{
            "sparsity", "--data",   m_data, "--sigma",         "0,0.8", "--width",
            "16,32",    "--epochs", "2",    "--seeds",         "4",     "--threads",
            "1",        "--out",    out,    "--export-fields", png,     "--json"};
        const Run r = runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray points = root["points"].toArray();
        QCOMPARE(points.size(), 4);
        for (const QJsonValue v : points) {
            const QJsonObject p = v.toObject();
            for (const char* field : {"sigma", "width", "seed", "task", "fraction_active",
                                      "dead_fraction", "bias_mean", "test_loss"})
                QVERIFY2(p.contains(field), field);
            QCOMPARE(p["task"].toString(), QStringLiteral("reconstruct"));
            QCOMPARE(p["seed"].toString(), QStringLiteral("4"));
            QVERIFY(p["fraction_active"].toDouble() >= 0 && p["fraction_active"].toDouble() <= 1);
        }
        QCOMPARE(points[0].toObject()["width"].toInt(), 16);
        QCOMPARE(points[1].toObject()["sigma"].toDouble(), 0.8);
        QCOMPARE(points[3].toObject()["width"].toInt(), 32);
        QVERIFY(!root["provenance"].toObject()["dataset_sha256"].toString().isEmpty());
        QVERIFY(QFile::exists(out + "/sparsity.json") && QFile::exists(out + "/sparsity.csv"));
        QVERIFY(QFile::exists(out + "/w16_s0.8_seed4/point.json"));
        QVERIFY(QFile::exists(out + "/w16_s0.8_seed4/fields.f32"));
        // The receptive fields: a grid of 32 tiles of 28 × 28 weights, with provenance.
        QImageReader reader(png);
        const QImage fields = reader.read();
        QVERIFY(!fields.isNull());
        QVERIFY(fields.width() > 28 * 3 * 5);
        QVERIFY2(fields.text("Description").contains("width 32"),
                 qPrintable(fields.text("Description")));
        // A rerun finds every point on disk and trains nothing; the numbers are the same.
        const Run again = runCli(args);
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY2(!again.err.contains(" training: "), qPrintable(again.err));
        QVERIFY(again.err.contains("resumed"));
        const QJsonArray back =
            QJsonDocument::fromJson(again.out.toUtf8()).object()["points"].toArray();
        for (int k = 0; k < 4; ++k) {
            QVERIFY(back[k].toObject()["resumed"].toBool());
            QCOMPARE(back[k].toObject()["fraction_active"],
                     points[k].toObject()["fraction_active"]);
        }
        // The same folder with other settings: refused, naming the difference.
        QStringList other = args;
        other[other.indexOf("--epochs") + 1] = "3";
        const Run refused = runCli(other);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("epochs: 2 there, 3 here"), qPrintable(refused.err));
    }

    void textTableAndClassification() {
        const Run r = runCli({"sparsity", "--data", m_data, "--sigma", "0.3", "--width", "16",
                              "--epochs", "1", "--task", "classify", "--shared-bias", "--anneal",
                              "0,1", "--threads", "1", "--out", m_dir.filePath("classify")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("classify"));
        QVERIFY(r.out.contains("accuracy"));
    }

    void badInput() {
        const QString out = m_dir.filePath("bad");
        struct Case {
            QStringList args;
            QString fragment;
        };
        const QList<Case> cases{
            {{"--sigma", "0,x"}, "is not a valid number"},
            {{"--sigma", "-1"}, "σ"},
            {{"--width", "0"}, "width"},
            {{"--task", "guess"}, "--task must be reconstruct or classify"},
            {{"--anneal", "3"}, "--anneal takes two epoch counts"},
            {{"--epochs", "2", "--anneal", "2,2"}, "annealing"},
            {{"--sigma", "0.1,0.1"}, "listed twice"},
            {{"--data", m_dir.filePath("nowhere")}, "does not exist"},
        };
        for (const Case& c : cases) {
            QStringList args{"sparsity", "--data", m_data, "--out", out, "--threads", "1"};
            args += c.args;
            const Run r = runCli(args);
            QVERIFY2(r.exitCode == 2, qPrintable(c.args.join(' ') + ": " + r.err));
            QVERIFY2(r.err.contains(c.fragment), qPrintable(c.args.join(' ') + ": " + r.err));
        }
        QCOMPARE(runCli({"sparsity", "--data", m_data}).exitCode, 2); // no --out
        // A damaged folder: the test labels cut short.
        const QString broken = m_dir.filePath("broken");
        flicker::testing::writeIdxFolder(broken, flicker::testing::syntheticData(40, 20));
        QFile f(broken + "/t10k-labels-idx1-ubyte");
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(15);
        f.close();
        const Run r = runCli({"sparsity", "--data", broken, "--out", out, "--threads", "1"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("t10k-labels-idx1-ubyte is truncated"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliSparsity)
#include "tst_cli_sparsity.moc"
