// flicker-cli end to end: the DFA test vector through a file, JSON output, noise generation,
// and the exit code 2 with a message that names the problem for every kind of bad input.
#include "core/test_helpers.h"
#include "io/matrix_file.h"
#include "support/checkpoint_craft.h"
#include "support/torchscript_writer.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace {
struct Run {
    int exitCode = -1;
    QString out, err;
};

Run runCli(const QStringList& args, const QByteArray& input = {},
           const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FLICKER_CLI_PATH), args);
    if (!input.isEmpty()) p.write(input);
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

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content) {
    const QString path = dir.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(content);
    return path;
}

QByteArray vectorFile() {
    QByteArray text;
    for (double v : flicker::testing::lcgSeries())
        text += QByteArray::number(v, 'g', 17) + "\n";
    return text;
}
} // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
private slots:
    void dfaJsonMatchesTestVector() {
        const QString path = writeFile(m_dir, "vector.txt", vectorFile());
        const Run r = runCli(
            {"dfa", path, "--scales", "4,5,6,8,10,13,16,20,25,32,40,50,64,80,100,128", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(std::abs(j["alpha"].toDouble() - 0.535107010261504) < 1e-12);
        QCOMPARE(j["beta"].toDouble(), 2 * j["alpha"].toDouble() - 1);
        QCOMPARE(j["points"].toInt(), 512);
        QCOMPARE(j["method"].toString(), QString("udfa"));
        QCOMPARE(j["scales"].toArray().size(), 16);
        QVERIFY(std::abs(j["fluctuation"].toArray().at(0).toDouble() - 0.1481306327) < 5e-11);
    }
    void dfaTextStandardMethod() {
        const QString path = writeFile(m_dir, "vector.csv", "x\n" + vectorFile());
        const Run r = runCli({"dfa", path, "--method", "dfa", "--column", "x", "--scales",
                              "4,5,6,8,10,13,16,20,25,32,40,50,64,80,100,128"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("alpha:   0.559887"), qPrintable(r.out));
        QVERIFY(r.out.contains("0.1393815831"));
        QVERIFY(r.out.contains("0.9484023291"));
        QVERIFY(r.out.contains("512 points"));
    }
    void dfaFromStdin() {
        const Run r = runCli({"dfa", "-", "--json"}, vectorFile());
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["scales"].toArray().first().toInt(), 4);
        QCOMPARE(j["scales"].toArray().last().toInt(), 128); // N/4 for N = 512
    }
    void noiseIsDeterministicAndPink() {
        const Run a = runCli({"noise", "--kind", "pink", "--length", "4096", "--seed", "7"});
        const Run b = runCli({"noise", "--kind", "pink", "--length", "4096", "--seed", "7"});
        QCOMPARE(a.exitCode, 0);
        QCOMPARE(a.out, b.out);
        QCOMPARE(a.out.count('\n'), 4096);
        const QString path = writeFile(m_dir, "pink.txt", a.out.toUtf8());
        const Run r = runCli({"dfa", path, "--json"});
        const double beta = QJsonDocument::fromJson(r.out.toUtf8()).object()["beta"].toDouble();
        QVERIFY2(std::abs(beta - 1.0) < 0.25, qPrintable(QString::number(beta)));
        const QString out = m_dir.filePath("fgn.txt");
        QCOMPARE(
            runCli({"noise", "--kind", "fgn", "--hurst", "0.3", "--length", "100", "--out", out})
                .exitCode,
            0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count('\n'), 100);
    }
    void trainEvaluateRecord() {
        const QString model = m_dir.filePath("tiny.flicker");
        const Run t = runCli({"train", "--data", "demo", "--demo-reviews", "300", "--epochs", "1",
                              "--embedding", "8", "--hidden", "8", "--threads", "1", "--out", model,
                              "--json"});
        QVERIFY2(t.exitCode == 0, qPrintable(t.err));
        const QJsonObject j = QJsonDocument::fromJson(t.out.toUtf8()).object();
        QCOMPARE(j["stop"].toString(), QString("completed"));
        QCOMPARE(j["hidden"].toInt(), 8);
        QCOMPARE(j["epochs"].toArray().size(), 1);
        const double acc = j["test_accuracy"].toDouble();
        QVERIFY(acc >= 0 && acc <= 1);
        QVERIFY(t.err.contains("epoch 1: train loss"));

        const Run e = runCli(
            {"evaluate", "--model", model, "--data", "demo", "--demo-reviews", "300", "--json"});
        QCOMPARE(e.exitCode, 0);
        const QJsonObject ej = QJsonDocument::fromJson(e.out.toUtf8()).object();
        QCOMPARE(ej["reviews"].toInt(), 300);
        QCOMPARE(ej["test_accuracy"].toDouble(), acc); // the same model on the same test set

        const QString dir = m_dir.filePath("rec");
        const Run r = runCli({"record", "--model", model, "--data", "demo", "--demo-reviews", "300",
                              "--review", "demo/test/7", "--kind", "all", "--format", "npy",
                              "--out", dir, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const int steps = QJsonDocument::fromJson(r.out.toUtf8()).object()["steps"].toInt();
        QVERIFY(steps > 0);
        for (const char* kind : {"x", "i", "f", "g", "o", "c", "h"}) {
            std::size_t rows = 0, columns = 0;
            const auto values =
                flicker::readMatrixNpy((dir + "/" + kind + ".npy").toStdString(), rows, columns);
            QCOMPARE(int(rows), steps);
            QCOMPARE(columns, std::size_t(8));
            QCOMPARE(values.size(), rows * columns);
        }
        QFile tokens(dir + "/tokens.csv");
        QVERIFY(tokens.open(QIODevice::ReadOnly));
        QCOMPARE(tokens.readAll().count('\n'), steps + 1);

        const QString text = writeFile(m_dir, "review.txt", "Not bad at all, I liked it.");
        const Run rt = runCli({"record", "--model", model, "--text", text, "--kind", "h", "--out",
                               m_dir.filePath("rec2")});
        QCOMPARE(rt.exitCode, 0);
        QFile h(m_dir.filePath("rec2/h.csv"));
        QVERIFY(h.open(QIODevice::ReadOnly));
        QCOMPARE(h.readAll().count('\n'), 8); // header + 7 words

        QCOMPARE(runCli({"record", "--model", model, "--text", text, "--kind", "q", "--out", dir})
                     .exitCode,
                 2);
        const Run missing = runCli({"record", "--model", model, "--data", "demo", "--demo-reviews",
                                    "10", "--review", "nope", "--out", dir});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("no review with id 'nope'"));
        const QString studyDir = m_dir.filePath("study");
        const Run st = runCli({"study", "--model", model, "--data", "demo", "--demo-reviews", "300",
                               "--reviews", "3", "--min-length", "200", "--steps", "200", "--out",
                               studyDir, "--json"});
        QVERIFY2(st.exitCode == 0, qPrintable(st.err));
        const QJsonObject summary =
            QJsonDocument::fromJson(st.out.toUtf8()).object()["summary"].toObject();
        for (const char* key : {"x", "i", "f", "g", "o", "c", "h", "internal", "external",
                                "h_shuffled", "h_untrained", "h_permuted", "h_phase"}) {
            const QJsonObject row = summary[key].toObject();
            QVERIFY2(!row.isEmpty(), key);
            QCOMPARE(row["reviews"].toInt(), 3);
            for (const char* field : {"beta_mean", "beta_sd", "ci_low", "ci_high"})
                QVERIFY2(row[field].isDouble(), field);
        }
        for (const char* file : {"study.json", "study_reviews.csv", "study_summary.csv"})
            QVERIFY(QFile::exists(studyDir + "/" + file));

        const QString broken = writeFile(m_dir, "broken.flicker", "FLICKER-CHECKPOINT\n\x01");
        const Run b = runCli({"evaluate", "--model", broken, "--data", "demo"});
        QCOMPARE(b.exitCode, 2);
        QVERIFY(b.err.contains("truncated"));
        const Run noOut = runCli({"train", "--data", "demo"});
        QCOMPARE(noOut.exitCode, 2);
        QVERIFY(noOut.err.contains("--out FILE is required"));
    }

    void sweepJsonSchema() {
        const QString dir = m_dir.filePath("sweep");
        const QStringList args{
            "sweep", "--data",    "demo", "--demo-reviews", "200", "--hidden",
            "2,3",   "--epochs",  "1",    "--embedding",    "4",   "--reviews",
            "2",     "--steps",   "100",  "--max-length",   "100", "--vocab-size",
            "500",   "--threads", "1",    "--out",          dir,   "--json"};
        const Run r = runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray points =
            QJsonDocument::fromJson(r.out.toUtf8()).object()["points"].toArray();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[0].toObject()["hidden"].toInt(), 2);
        QCOMPARE(points[1].toObject()["hidden"].toInt(), 3);
        for (const QJsonValue v : points) {
            const QJsonObject p = v.toObject();
            for (const char* field :
                 {"seed", "test_accuracy", "utilisation", "participation_ratio"})
                QVERIFY2(p.contains(field), field);
            QCOMPARE(p["summary"].toObject()["h"].toObject()["reviews"].toInt(), 2);
        }
        QVERIFY(QFile::exists(dir + "/sweep.json") && QFile::exists(dir + "/sweep.csv"));
        // A rerun finds both points on disk and trains nothing.
        const Run again = runCli(args);
        QCOMPARE(again.exitCode, 0);
        QVERIFY(!again.err.contains("training"));
        QCOMPARE(QJsonDocument::fromJson(again.out.toUtf8()).object()["points"].toArray(), points);
    }

    // Two adjacent small windows made the UDFA kernel write one entry past a reused buffer
    // (malloc aborted with "invalid size"). glibc's checking allocator makes such damage fatal
    // at once; under the sanitizer build AddressSanitizer does that instead.
    void dfaSmallAdjacentWindows() {
        const QString path = writeFile(m_dir, "vector-small.txt", vectorFile());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
#ifndef FLICKER_SANITIZED
        env.insert("LD_PRELOAD", "libc_malloc_debug.so.0");
        env.insert("GLIBC_TUNABLES", "glibc.malloc.check=3");
#endif
        for (const QStringList& extra :
             {QStringList{"--min", "3"}, QStringList{"--scales", "3,4"}, QStringList{}}) {
            const Run r = runCli(QStringList{"dfa", path, "--json"} + extra, {}, env);
            QVERIFY2(r.exitCode == 0, qPrintable(extra.join(' ') + ": " + r.err));
            const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
            QCOMPARE(j["scales"].toArray().at(0).toInt(), extra.isEmpty() ? 4 : 3);
            QVERIFY(std::isfinite(j["alpha"].toDouble()));
        }
    }

    // Model files an attacker wrote: counts that wrap, tensors past their storage, a training
    // history with no epochs. Each is exit 2 naming what is wrong, never a crash or output.
    void hostileModels() {
        const QString good = m_dir.filePath("for-hostile.flicker");
        const Run t =
            runCli({"train", "--data", "demo", "--demo-reviews", "200", "--epochs", "0",
                    "--embedding", "4", "--hidden", "4", "--threads", "1", "--out", good});
        QVERIFY2(t.exitCode == 0, qPrintable(t.err));
        QFile f(good);
        QVERIFY(f.open(QIODevice::ReadOnly));
        flicker::testing::CheckpointParts parts = flicker::testing::splitCheckpoint(f.readAll());
        flicker::testing::setArrayCounts(parts.header,
                                         {qint64(1) << 28, (qint64(1) << 62) - (qint64(1) << 28)});
        const QString wrapped =
            writeFile(m_dir, "wrapped.flicker", flicker::testing::assembleCheckpoint(parts, 0));
        for (const char* command : {"evaluate", "record"}) {
            const QString out = m_dir.filePath(QString("hostile-%1").arg(command));
            QStringList args{command, "--model", wrapped, "--data", "demo", "--demo-reviews", "20"};
            if (QString(command) == "record")
                args << "--review"
                     << "demo/test/1"
                     << "--out" << out;
            const Run r = runCli(args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("more than the rest of the file holds"), qPrintable(r.err));
            QVERIFY(!QFile::exists(out + "/x.csv"));
        }
        const QString vocab = QStringLiteral(FLICKER_TEST_DATA_DIR) + "/tiny_vocab.json";
        const QString text = writeFile(m_dir, "hostile-review.txt", "a fine film");
        const std::string damaged = m_dir.filePath("stride.pt").toStdString();
        flicker::testing::writeTorchScriptClassifier(
            damaged, flicker::testing::TorchScriptDamage::StrideBeyond);
        const QString out = m_dir.filePath("hostile-ts");
        const Run r = runCli({"record", "--model", QString::fromStdString(damaged), "--vocab",
                              vocab, "--text", text, "--kind", "x", "--out", out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("tensor 'lstm.weight_hh_l0' is damaged"), qPrintable(r.err));
        QVERIFY(!QFile::exists(out + "/x.csv"));

        // reproduce finds a model in its folder that it did not train (no epochs at all).
        const QString folder = m_dir.filePath("reproduce-foreign");
        QDir().mkpath(folder + "/trajectory");
        QVERIFY(QFile::copy(good, folder + "/model.flicker"));
        writeFile(m_dir, "reproduce-foreign/trajectory/trajectory.json", R"({"points": []})");
        const Run rep = runCli(
            {"reproduce", "--data", "demo", "--demo-reviews", "200", "--quick", "--out", folder});
        QCOMPARE(rep.exitCode, 2);
        QVERIFY2(rep.err.contains("was trained for 0 epoch(s), this run trains 3"),
                 qPrintable(rep.err));
    }

    // A run whose loss stops being finite (here an infinite learning rate) fails and leaves
    // the file it was to replace as it was.
    void failedTrainingKeepsTheExistingFile() {
        const QString target = writeFile(m_dir, "existing.flicker", "the user's model");
        const Run r = runCli({"train", "--data", "demo", "--demo-reviews", "200", "--epochs", "1",
                              "--embedding", "4", "--hidden", "4", "--threads", "1", "--lr", "inf",
                              "--out", target});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("not a finite number"), qPrintable(r.err));
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("the user's model"));
    }

    // Where the results go is checked before the work, and an output that is an input is
    // refused: the user's file is never replaced by a result (issue: "Nothing lost").
    void outputsAreCheckedBeforeTheWork_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QStringList train{
            "train", "--data",   "demo", "--demo-reviews", "200", "--epochs", "1", "--embedding",
            "4",     "--hidden", "4",    "--threads",      "1"};
        QTest::newRow("train: missing folder")
            << (train + QStringList{"--out", m_dir.filePath("missing/model.flicker")})
            << "does not exist";
        QTest::newRow("train: a folder")
            << (train + QStringList{"--out", m_dir.path()}) << "it is a folder";
        QTest::newRow("train: read-only place")
            << (train + QStringList{"--out", "/proc/model.flicker"}) << "does not accept new files";
        QTest::newRow("record: a file as folder")
            << QStringList{"record", "--text", "FILE", "--out", "FILE"}
            << "is a file, not a folder";
        QTest::newRow("noise: read-only file")
            << QStringList{"noise", "--length", "64", "--out", "/proc/version"}
            << "cannot write '/proc/version'";
    }
    void outputsAreCheckedBeforeTheWork() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QString file = writeFile(m_dir, "kept.txt", "a great film\n");
        args.replaceInStrings(QStringLiteral("FILE"), file);
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY2(!r.err.contains("epoch"), qPrintable(r.err)); // refused before any training
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("a great film\n"));
    }

    // With --json, standard output is one JSON document and nothing else (reproduce printed
    // its table first); a rerun reuses what it made, and a rerun on other data refuses it.
    void reproduceJsonAndStaleResults() {
        const QString dir = m_dir.filePath("reproduce-json");
        const QStringList args{"reproduce", "--data",  "demo",      "--demo-reviews",
                               "200",       "--quick", "--threads", "2",
                               "--out",     dir,       "--json"};
        for (int run = 0; run < 2; ++run) {
            const Run r = runCli(args);
            QCOMPARE(r.exitCode, 0);
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(r.out.left(200)));
            QVERIFY(doc.object().contains("published") && doc.object().contains("points"));
            if (run == 1) QVERIFY2(r.err.contains("reused"), qPrintable(r.err));
        }
        QStringList other = args;
        other[4] = QStringLiteral("300"); // another data set in the same folder
        const Run stale = runCli(other);
        QCOMPARE(stale.exitCode, 2);
        QVERIFY2(stale.err.contains("was made with other settings or data than this run") &&
                     stale.err.contains("400 reviews) there") &&
                     stale.err.contains("600 reviews) here"),
                 qPrintable(stale.err));
        // --restart removes the old results and computes them again from the new data.
        const Run restart = runCli(other << QStringLiteral("--restart"));
        QVERIFY2(restart.exitCode == 0, qPrintable(restart.err));
        QVERIFY2(restart.err.contains("--restart: removed 5 earlier result(s)"),
                 qPrintable(restart.err));
        QVERIFY(!restart.err.contains("reused"));
        const QJsonObject report = QJsonDocument::fromJson(restart.out.toUtf8()).object();
        QVERIFY(report.contains("points"));
    }

    // A sweep point listed twice is refused (it was trained once and counted twice); a sweep
    // folder is reused only with the settings that made it.
    void sweepRefusesDuplicatesAndStalePoints() {
        const QString dir = m_dir.filePath("sweep-stale");
        const QStringList base{"sweep", "--data",    "demo", "--demo-reviews", "200", "--steps",
                               "100",   "--reviews", "5",    "--threads",      "2",   "--out",
                               dir};
        const Run twice = runCli(base + QStringList{"--hidden", "4,4", "--seeds", "1"});
        QCOMPARE(twice.exitCode, 2);
        QVERIFY2(twice.err.contains("hidden size 4 is listed twice"), qPrintable(twice.err));
        const Run seeds = runCli(base + QStringList{"--hidden", "4", "--seeds", "3,3"});
        QCOMPARE(seeds.exitCode, 2);
        QVERIFY2(seeds.err.contains("seed 3 is listed twice"), qPrintable(seeds.err));

        const QStringList point = base + QStringList{"--hidden", "2", "--epochs", "1"};
        QCOMPARE(runCli(point).exitCode, 0);
        QStringList moreEpochs = point;
        moreEpochs.last() = QStringLiteral("2");
        const Run epochs = runCli(moreEpochs);
        QCOMPARE(epochs.exitCode, 2);
        QVERIFY2(epochs.err.contains("epochs: 1 there, 2 here"), qPrintable(epochs.err));
        QStringList moreReviews = point;
        moreReviews[moreReviews.indexOf(QStringLiteral("5"))] = QStringLiteral("6");
        const Run reviews = runCli(moreReviews);
        QCOMPARE(reviews.exitCode, 2);
        QVERIFY2(reviews.err.contains("max_reviews: 5 there, 6 here"), qPrintable(reviews.err));
        const Run same = runCli(point); // the same settings: resumed, not recomputed
        QCOMPARE(same.exitCode, 0);
        QVERIFY2(same.err.contains("found on disk"), qPrintable(same.err));
    }

    void anOutputThatIsAnInputIsRefused() {
        const QByteArray csv = "text,label\n\"a fine film\",1\n\"a dull film\",0\n";
        const QString data = writeFile(m_dir, "reviews.csv", csv);
        const Run r = runCli({"train", "--data", data, "--epochs", "1", "--out", data});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("is one of the inputs"), qPrintable(r.err));
        QFile f(data);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), csv);
    }

    // Training noise from the command line (kept in the checkpoint and the JSON), and the noise
    // sweep: one point per SD in a folder of its own, β(h), PR(h) and accuracy per point, a
    // rerun that reuses them; bad noise options are refused before any work.
    void noiseTrainingAndNoiseSweep() {
        const QString model = m_dir.filePath("noisy.flicker");
        const Run t =
            runCli({"train", "--data",      "demo", "--demo-reviews", "200",  "--epochs",
                    "1",     "--embedding", "4",    "--hidden",       "4",    "--max-length",
                    "100",   "--threads",   "1",    "--input-noise",  "0.05", "--hidden-noise",
                    "0.2",   "--out",       model,  "--json"});
        QVERIFY2(t.exitCode == 0, qPrintable(t.err));
        QVERIFY2(t.err.contains("input noise SD 0.05, hidden noise SD 0.2"), qPrintable(t.err));
        const QJsonObject j = QJsonDocument::fromJson(t.out.toUtf8()).object();
        QCOMPARE(j["input_noise"].toDouble(), 0.05);
        QCOMPARE(j["hidden_noise"].toDouble(), 0.2);
        QFile file(model);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject settings = flicker::testing::splitCheckpoint(file.readAll())
                                         .header["history"]
                                         .toObject()["settings"]
                                         .toObject();
        QCOMPARE(settings["hidden_noise"].toDouble(), 0.2);
        QCOMPARE(settings["input_noise"].toDouble(), 0.05);

        const Run negative = runCli({"train", "--data", "demo", "--hidden-noise", "-1", "--out",
                                     m_dir.filePath("never.flicker")});
        QCOMPARE(negative.exitCode, 2);
        QVERIFY2(negative.err.contains("--hidden-noise must be an SD of 0"),
                 qPrintable(negative.err));

        const QString dir = m_dir.filePath("noise-sweep");
        const QStringList args{"sweep", "--data",
                               "demo",  "--demo-reviews",
                               "200",   "--noise",
                               "0,0.2", "--hidden",
                               "3",     "--epochs",
                               "1",     "--embedding",
                               "4",     "--reviews",
                               "2",     "--steps",
                               "100",   "--max-length",
                               "100",   "--vocab-size",
                               "500",   "--threads",
                               "1",     "--no-controls",
                               "--out", dir,
                               "--json"};
        const Run r = runCli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray points =
            QJsonDocument::fromJson(r.out.toUtf8()).object()["points"].toArray();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[0].toObject()["noise"].toDouble(), 0.0);
        QCOMPARE(points[1].toObject()["hidden_noise"].toDouble(), 0.2);
        QCOMPARE(points[1].toObject()["input_noise"].toDouble(), 0.0);
        for (const QJsonValue v : points) {
            const QJsonObject p = v.toObject();
            QVERIFY(p["pr_step_mean"].toDouble() >= 1 && p["pr_step_mean"].toDouble() <= 3);
            QCOMPARE(p["hidden"].toInt(), 3);
            QVERIFY(p.contains("test_accuracy"));
            QCOMPARE(p["summary"].toObject()["h"].toObject()["reviews"].toInt(), 2);
        }
        QVERIFY(QFile::exists(dir + "/h0003_hidden0.2_seed1/study.json"));
        const Run again = runCli(args);
        QCOMPARE(again.exitCode, 0);
        QVERIFY(!again.err.contains("training"));
        QCOMPARE(QJsonDocument::fromJson(again.out.toUtf8()).object()["points"].toArray(), points);

        const Run badTarget = runCli({"sweep", "--data", "demo", "--noise", "0.1", "--noise-on",
                                      "gates", "--out", m_dir.filePath("never")});
        QCOMPARE(badTarget.exitCode, 2);
        QVERIFY(badTarget.err.contains("--noise-on must be input, hidden or both"));
        const Run noList = runCli(
            {"sweep", "--data", "demo", "--noise-on", "input", "--out", m_dir.filePath("never")});
        QCOMPARE(noList.exitCode, 2);
        QVERIFY(noList.err.contains("--noise-on needs --noise"));
        const Run help = runCli({"help"});
        QVERIFY(help.out.contains("--noise SD,SD") || help.err.contains("--noise SD,SD"));
        QVERIFY(help.out.contains("--hidden-noise SD") || help.err.contains("--hidden-noise SD"));
    }

    void versionAndHelp() {
        const Run v = runCli({"--version"});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.out.startsWith("flicker-cli "));
        QCOMPARE(runCli({"help"}).exitCode, 0);
    }
    void badInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("content"); // written to bad.txt, referenced as FILE
        QTest::addColumn<QString>("message");
        QTest::newRow("missing file")
            << QStringList{"dfa", "/nonexistent/x.txt"} << QByteArray() << "cannot be opened";
        QTest::newRow("empty file")
            << QStringList{"dfa", "FILE"} << QByteArray("") << "holds no numbers";
        QTest::newRow("NaN") << QStringList{"dfa", "FILE"} << QByteArray("1\n2\nnan\n4\n")
                             << "bad.txt:3, column 1: value is NaN";
        QTest::newRow("not a number")
            << QStringList{"dfa", "FILE"} << QByteArray("1\n2\nabc\n") << "'abc' is not a number";
        QTest::newRow("too short") << QStringList{"dfa", "FILE"} << QByteArray("1\n2\n3\n")
                                   << "fewer than the smallest window (4) plus the order (1)";
        QTest::newRow("order") << QStringList{"dfa", "FILE", "--order", "7"} << vectorFile()
                               << "order must be 1, 2 or 3";
        QTest::newRow("scale too big") << QStringList{"dfa", "FILE", "--scales", "4,8,9999"}
                                       << vectorFile() << "larger than the series";
        QTest::newRow("bad column")
            << QStringList{"dfa", "FILE", "--column", "5"} << vectorFile() << "no column '5'";
        QTest::newRow("bad option") << QStringList{"dfa", "FILE", "--frobnicate"} << vectorFile()
                                    << "unknown option '--frobnicate'";
        QTest::newRow("bad method")
            << QStringList{"dfa", "FILE", "--method", "xyz"} << vectorFile() << "udfa or dfa";
        QTest::newRow("bad number") << QStringList{"dfa", "FILE", "--order", "two"} << vectorFile()
                                    << "'two' is not a valid number";
        QTest::newRow("bad kind") << QStringList{"noise", "--kind", "purple"} << QByteArray()
                                  << "white, pink, brown";
        QTest::newRow("bad hurst") << QStringList{"noise", "--kind", "fgn", "--hurst", "1.5"}
                                   << QByteArray() << "Hurst exponent";
        QTest::newRow("unknown command")
            << QStringList{"frob"} << QByteArray() << "unknown command";
        QTest::newRow("unwritable out") << QStringList{"noise", "--out", "/nonexistent/dir/x.txt"}
                                        << QByteArray() << "does not exist";
        // Sizes that LibTorch would take (or die on) are refused first, naming the setting.
        const QStringList train{"train",
                                "--data",
                                "demo",
                                "--demo-reviews",
                                "100",
                                "--out",
                                m_dir.filePath("sized.flicker")};
        QTest::newRow("hidden 100000") << (train + QStringList{"--hidden", "100000"})
                                       << QByteArray() << "hidden size H must be 1 … 4096";
        QTest::newRow("embedding 2^31 - 1")
            << (train + QStringList{"--embedding", "2147483647"}) << QByteArray()
            << "embedding size E must be 1 … 4096, not 2147483647";
        QTest::newRow("vocabulary 1e8") << (train + QStringList{"--vocab-size", "100000000"})
                                        << QByteArray() << "--vocab-size must be 1 … 3999998";
        QTest::newRow("parameters")
            << (train + QStringList{"--embedding", "4096", "--vocab-size", "1000000"})
            << QByteArray() << "parameters, more than the 268435456";
        QTest::newRow("device as series") << QStringList{"dfa", "/dev/zero"} << QByteArray()
                                          << "/dev/zero: is not a regular file";
        QTest::newRow("device as model")
            << QStringList{"evaluate", "--model", "/dev/zero", "--data", "demo"} << QByteArray()
            << "/dev/zero: is not a regular file";
        QTest::newRow("device as vocabulary")
            << QStringList{"evaluate", "--model", "FILE", "--vocab", "/dev/zero", "--data", "demo"}
            << QByteArray() << "not a regular file";
    }
    void badInput() {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString path = writeFile(m_dir, "bad.txt", content);
        args.replaceInStrings(QRegularExpression("^FILE$"), path);
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
