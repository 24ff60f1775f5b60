// Study files against their size (issue 18 §3): writing a study (writeStudy: study.json and its
// CSV tables), reading study.json back (readStudy), and opening it in the app (File › Open study
// results: MainWindow::openStudyResults to the results on the study page with every figure
// replotted, offscreen). The studies are synthetic but shaped like a real one: per review the
// 45 rows of seven kinds, two groups and four controls, H = 64 unit means, the PR curve of 500
// steps; 1,885 reviews is the full IMDb study (every long test review, with controls: 37 MB).
// Each series ends with the log-log slope k of time ∝ size^k.
//
//   bench_study_file [--reviews 100,300,1000,1885,3000,10000] [--keep DIR]
#include "explorer/study_page.h"
#include "growth.h"
#include "io/study_companion.h"
#include "io/study_io.h"
#include "job_runner.h"
#include "main_window.h"
#include "plot_view.h"
#include "signal/uniform_index.h"
#include "workspace.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

using namespace flicker;
using namespace flicker::bench;

namespace {

// A study of `reviews` reviews shaped like the full one (all kinds, groups and controls, H = 64).
StudyResult syntheticStudy(std::size_t reviews, std::uint64_t seed) {
    constexpr int kHidden = 64;
    StudyResult r;
    Rng rng(seed);
    r.reviewsQualifying = reviews;
    r.utilisation = 0.9;
    r.participationRatio = 12.5;
    for (int u = 0; u < kHidden; ++u)
        r.unitTemporalSd.push_back(0.1 + 0.1 * rng.uniform());
    for (int t = 1; t <= 500; ++t) {
        r.prSteps.push_back(t);
        r.prByStep.push_back(5 + 10 * rng.uniform());
        r.prByStepUntrained.push_back(5 + 10 * rng.uniform());
    }
    r.prStepMean = 10;
    std::vector<std::string> keys;
    for (Condition c : {Condition::Real, Condition::Shuffled, Condition::Untrained,
                        Condition::Permuted, Condition::Phase}) {
        for (ActivationKind k : kAllKinds)
            keys.push_back(rowKey(kindName(k), c));
        keys.push_back(rowKey("internal", c));
        keys.push_back(rowKey("external", c));
    }
    r.reviews.resize(reviews);
    for (std::size_t k = 0; k < reviews; ++k) {
        ReviewResult& review = r.reviews[k];
        review.id = "synthetic/" + std::to_string(k);
        review.corpusIndex = k;
        review.label = int(k % 2);
        review.probability = float(rng.uniform());
        for (const std::string& key : keys) {
            Measure m;
            m.alpha = 0.5 + 0.5 * rng.uniform();
            m.beta = 2 * m.alpha - 1;
            m.r2 = 0.9 + 0.1 * rng.uniform();
            m.betaPsd = rng.normal();
            m.units = key.rfind("internal", 0) == 0   ? 4 * kHidden
                      : key.rfind("external", 0) == 0 ? 2 * kHidden
                                                      : kHidden;
            m.silentUnits = int(rng.below(3));
            m.unitBetaMean = m.beta + 0.01 * rng.normal();
            m.unitBetaSd = 0.2 * rng.uniform();
            review.rows[key] = m;
        }
    }
    for (ActivationKind k : kAllKinds) {
        std::vector<double>& means = r.unitBetaMeans[kindName(k)];
        for (int u = 0; u < kHidden; ++u)
            means.push_back(rng.normal());
    }
    summarizeStudy(r);
    return r;
}

double msSince(const QElapsedTimer& t) {
    return double(t.nsecsElapsed()) / 1e6;
}

double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// The bootstrap of one row (the summary's cost), thread CPU time so that load does not count:
// the draws as before (Rng::below, two 64-bit divisions each) against UniformIndex.
void bootstrapBaseline(std::size_t n) {
    std::vector<double> values(n);
    Rng rng(5);
    for (double& v : values)
        v = rng.normal();
    double sinkA = 0, sinkB = 0; // the resampled sums: equal when the draws are
    double start = threadCpuMs();
    Rng a(1);
    for (int r = 0; r < kBootstrapResamples; ++r)
        for (std::size_t k = 0; k < n; ++k)
            sinkA += values[a.below(n)];
    const double before = threadCpuMs() - start;
    start = threadCpuMs();
    Rng b(1);
    const UniformIndex draw(n);
    for (int r = 0; r < kBootstrapResamples; ++r)
        for (std::size_t k = 0; k < n; ++k)
            sinkB += values[draw(b)];
    const double after = threadCpuMs() - start;
    std::printf("Bootstrap of one row, %zu reviews x %d resamples, CPU ms: Rng::below %.1f, "
                "UniformIndex %.1f (%.1fx; same numbers: %s)\n\n",
                n, kBootstrapResamples, before, after, before / after,
                sinkA == sinkB ? "yes" : "no");
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // leave the user's settings alone
    std::vector<long> sizes{100, 300, 1000, 1885, 3000, 10000};
    QString keep;
    for (int i = 1; i + 1 < argc; ++i) {
        if (QByteArray(argv[i]) == "--reviews")
            sizes = parseList(argv[++i]);
        else if (QByteArray(argv[i]) == "--keep")
            keep = QString::fromLocal8Bit(argv[++i]);
    }
    long largest = 0;
    for (long n : sizes)
        largest = std::max(largest, n);
    // One data set for every size: study n holds its first n reviews.
    auto corpus = std::make_shared<const Corpus>(syntheticCorpus(std::size_t(largest), 3));
    QTemporaryDir temp;
    const QString root = keep.isEmpty() ? temp.path() : keep;

    MainWindow window(MainWindow::Start::Empty);
    window.resize(1280, 800);
    window.show();
    window.workspace()->setCorpus(corpus);
    window.jobs()->waitForAll();
    QCoreApplication::processEvents();

    bootstrapBaseline(1885);
    std::printf("Study files against size (synthetic studies shaped like the full IMDb one)\n\n");
    std::printf("%8s %10s %10s %10s %12s %12s %12s %10s %6s\n", "reviews", "json MB", "write ms",
                "read ms", "JSON-only ms", "summary ms", "app open ms", "peak MiB", "load");
    std::vector<double> x, writes, reads, jsonReads, opens;
    for (long n : sizes) {
        Provenance p = makeProvenance(*corpus);
        p.program = "Flicker bench";
        const StudyResult study = syntheticStudy(std::size_t(n), std::uint64_t(n));
        const std::string dir = QDir(root).filePath(QString::number(n)).toStdString();
        QElapsedTimer t;
        t.start();
        writeStudy(dir, study, p);
        const double writeMs = msSince(t);
        const std::string json = dir + "/study.json";
        const double mb = double(QFileInfo(QString::fromStdString(json)).size()) / 1e6;

        t.restart();
        StudyResult back = readStudy(json);
        const double readMs = msSince(t);
        t.restart();
        summarizeStudy(back);
        const double summaryMs = msSince(t);
        // The same without the companion: study.json parsed (folders written before it).
        const QString companion = QDir(QString::fromStdString(dir)).filePath(kStudyCompanionName);
        QFile::rename(companion, companion + ".off");
        t.restart();
        readStudy(json);
        const double jsonMs = msSince(t);
        QFile::rename(companion + ".off", companion);

        QSignalSpy opened(&window, &MainWindow::studyResultsOpened);
        t.restart();
        window.openStudyResults(QString::fromStdString(json));
        while (opened.isEmpty())
            opened.wait(5);
        for (PlotView* figure : window.studyPage()->figures())
            figure->replotNow();
        QCoreApplication::processEvents();
        const double openMs = msSince(t);
        const QString error = opened.first().first().toString();
        if (!error.isEmpty()) std::printf("  opening failed: %s\n", qPrintable(error));

        std::printf("%8ld %10.1f %10.0f %10.0f %12.0f %12.0f %12.0f %10.0f %6.2f\n", n, mb, writeMs,
                    readMs, jsonMs, summaryMs, openMs, peakMiB(), loadAverage());
        std::fflush(stdout);
        x.push_back(double(n));
        writes.push_back(writeMs);
        reads.push_back(readMs);
        jsonReads.push_back(jsonMs);
        opens.push_back(openMs);
    }
    std::printf("  slope (log-log) of reviews: write %.2f, read %.2f, JSON-only read %.2f, app "
                "open %.2f\n",
                logSlope(x, writes), logSlope(x, reads), logSlope(x, jsonReads),
                logSlope(x, opens));
    return 0;
}
