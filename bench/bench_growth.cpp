// How cost grows with size (issue 18 §3), each point measured in a process of its own so that
// its peak memory (ru_maxrss) is its own:
//   study: time and peak memory of runStudy against the number of reviews (500 words each, at
//          H = 64) and against H (at a fixed number of reviews); untrained networks (the cost
//          does not depend on the weights).
//   train: peak memory and time of training steps against H (batch 64) and batch (H = 64),
//          reviews of 500 words (the longest training sequence, so the largest batch).
// Each series ends with the log-log slope k of cost ∝ size^k (1 = linear).
//
//   bench_growth study [--reviews 100,300,1000,3000,10000,25000] [--hidden 16,32,…,512]
//                      [--hidden-reviews 100] [--controls]
//   bench_growth train [--hidden 16,…,512] [--batch 16,…,256] [--batches 2]
#include "growth.h"

#include "model/lstm_classifier.h"
#include "study/study.h"
#include "train/trainer.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

using namespace flicker;
using namespace flicker::bench;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kWords = 500; // the paper's analysed length and the training cap

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Child: one study of `reviews` synthetic reviews at H = hidden.
int studyPoint(std::size_t reviews, int hidden, bool controls) {
    configureTorchThreads(0);
    const Corpus corpus = syntheticCorpus(reviews, kWords);
    const Vocabulary vocabulary = syntheticVocabulary();
    ModelSettings ms;
    ms.hidden = hidden;
    ms.vocabularySize = 10002;
    const LstmClassifier network(ms);
    StudySettings s;
    if (!controls) s.controls.clear();
    const double before = residentMiB();
    const auto start = Clock::now();
    const Outcome<StudyResult> r = runStudy(network, vocabulary, corpus, s);
    const double seconds = secondsSince(start);
    std::printf("POINT %zu %d %.3f %.1f %.1f %.2f\n", r.value.reviews.size(), hidden, seconds,
                before, peakMiB(), loadAverage());
    return 0;
}

// Child: `batches` training batches of `batch` reviews of 500 words at H = hidden.
int trainPoint(int hidden, int batch, int batches) {
    configureTorchThreads(0);
    LabelledIds data;
    Rng rng(7);
    for (int k = 0; k < batch * batches; ++k) {
        std::vector<std::int32_t> ids(kWords);
        for (auto& id : ids)
            id = std::int32_t(2 + rng.below(10000));
        data.ids.push_back(std::move(ids));
        data.labels.push_back(k % 2);
    }
    ModelSettings ms;
    ms.hidden = hidden;
    LstmClassifier model(ms);
    TrainingSettings t;
    t.epochs = 1;
    t.batchSize = batch;
    const double before = residentMiB();
    const auto start = Clock::now();
    const TrainingHistory h = train(model, data, {}, t).value;
    const double seconds = secondsSince(start);
    std::printf("POINT %d %d %.3f %.1f %.1f %.2f %.0f\n", hidden, batch, seconds, before, peakMiB(),
                loadAverage(), h.epochs.empty() ? 0.0 : h.epochs.back().tokensPerSecond);
    return 0;
}

struct Row {
    double size = 0, seconds = 0, before = 0, peak = 0, load = 0, extra = 0;
};

Row parseRow(const std::string& line, bool studyRow) {
    std::istringstream in(line);
    Row r;
    double a = 0, b = 0;
    in >> a >> b >> r.seconds >> r.before >> r.peak >> r.load >> r.extra;
    r.size = studyRow ? a : b; // overwritten by the caller where the series runs over the other
    return r;
}

void printSlopes(const char* what, const std::vector<Row>& rows) {
    std::vector<double> x, t, m;
    for (const Row& r : rows) {
        x.push_back(r.size);
        t.push_back(r.seconds);
        m.push_back(r.peak - r.before);
    }
    std::printf("  slope (log-log) of %s: time %.2f, memory added %.2f", what, logSlope(x, t),
                logSlope(x, m));
    // Between the two largest points: the growth that a fixed start-up cost no longer hides.
    if (rows.size() >= 3) {
        const std::size_t n = rows.size();
        const std::vector<double> xs{x[n - 2], x[n - 1]};
        std::printf(" (last two points: time %.2f, memory added %.2f)",
                    logSlope(xs, {t[n - 2], t[n - 1]}), logSlope(xs, {m[n - 2], m[n - 1]}));
    }
    std::printf("\n");
}

int studySeries(const std::vector<long>& reviewCounts, const std::vector<long>& hiddens,
                long hiddenReviews, bool controls) {
    const char* ctl = controls ? "1" : "0";
    std::printf("Study against size: reviews of %zu words, all seven kinds, %s; untrained "
                "networks; one process per point\n",
                kWords, controls ? "with the four controls" : "no controls");
    std::printf("\n%8s %5s %10s %10s %12s %12s %12s %6s\n", "reviews", "H", "seconds", "ms/review",
                "before MiB", "peak MiB", "added MiB", "load");
    std::vector<Row> rows;
    for (long n : reviewCounts) {
        for (const std::string& line :
             runChild("--study-point " + std::to_string(n) + " 64 " + ctl)) {
            Row r = parseRow(line, true);
            r.size = double(n);
            std::printf("%8ld %5d %10.2f %10.2f %12.1f %12.1f %12.1f %6.2f\n", n, 64, r.seconds,
                        1000 * r.seconds / double(n), r.before, r.peak, r.peak - r.before, r.load);
            std::fflush(stdout);
            rows.push_back(r);
        }
    }
    if (!rows.empty()) printSlopes("reviews", rows);
    rows.clear();
    std::printf("\n%8s %5s %10s %10s %12s %12s %12s %6s\n", "reviews", "H", "seconds", "ms/review",
                "before MiB", "peak MiB", "added MiB", "load");
    for (long h : hiddens) {
        for (const std::string& line : runChild("--study-point " + std::to_string(hiddenReviews) +
                                                " " + std::to_string(h) + " " + ctl)) {
            Row r = parseRow(line, true);
            r.size = double(h);
            std::printf("%8ld %5ld %10.2f %10.2f %12.1f %12.1f %12.1f %6.2f\n", hiddenReviews, h,
                        r.seconds, 1000 * r.seconds / double(hiddenReviews), r.before, r.peak,
                        r.peak - r.before, r.load);
            std::fflush(stdout);
            rows.push_back(r);
        }
    }
    if (!rows.empty()) printSlopes("H", rows);
    return 0;
}

int trainSeries(const std::vector<long>& hiddens, const std::vector<long>& batchSizes,
                long batches) {
    std::printf("Training against size: %ld batches of reviews of %zu words, E = 64, fused LSTM, "
                "one process per point\n",
                batches, kWords);
    const auto series = [&](const char* what, const std::vector<std::pair<long, long>>& points,
                            bool overHidden) {
        std::printf("\n%5s %6s %10s %12s %12s %12s %12s %6s\n", "H", "batch", "seconds", "tokens/s",
                    "before MiB", "peak MiB", "added MiB", "load");
        std::vector<Row> rows;
        for (const auto& [h, b] : points)
            for (const std::string& line :
                 runChild("--train-point " + std::to_string(h) + " " + std::to_string(b) + " " +
                          std::to_string(batches))) {
                Row r = parseRow(line, false);
                r.size = double(overHidden ? h : b);
                std::printf("%5ld %6ld %10.2f %12.0f %12.1f %12.1f %12.1f %6.2f\n", h, b, r.seconds,
                            r.extra, r.before, r.peak, r.peak - r.before, r.load);
                std::fflush(stdout);
                rows.push_back(r);
            }
        if (!rows.empty()) printSlopes(what, rows);
    };
    std::vector<std::pair<long, long>> points;
    for (long h : hiddens)
        points.emplace_back(h, 64);
    series("H", points, true);
    points.clear();
    for (long b : batchSizes)
        points.emplace_back(64, b);
    series("batch", points, false);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc >= 5 && !std::strcmp(argv[1], "--study-point"))
        return studyPoint(std::strtoul(argv[2], nullptr, 10), std::atoi(argv[3]),
                          std::atoi(argv[4]) != 0);
    if (argc >= 5 && !std::strcmp(argv[1], "--train-point"))
        return trainPoint(std::atoi(argv[2]), std::atoi(argv[3]), std::atoi(argv[4]));
    const std::string mode = argc > 1 ? argv[1] : "";
    std::vector<long> reviews{100, 300, 1000, 3000, 10000, 25000};
    std::vector<long> hiddens{16, 32, 64, 128, 256, 512};
    std::vector<long> batchSizes{16, 32, 64, 128, 256};
    long hiddenReviews = 100, batches = 2;
    bool controls = false;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const bool value = i + 1 < argc;
        if (a == "--reviews" && value)
            reviews = parseList(argv[++i]);
        else if (a == "--hidden" && value)
            hiddens = parseList(argv[++i]);
        else if (a == "--batch" && value)
            batchSizes = parseList(argv[++i]);
        else if (a == "--hidden-reviews" && value)
            hiddenReviews = std::atol(argv[++i]);
        else if (a == "--batches" && value)
            batches = std::atol(argv[++i]);
        else if (a == "--controls")
            controls = true;
    }
    if (mode == "study") return studySeries(reviews, hiddens, hiddenReviews, controls);
    if (mode == "train") return trainSeries(hiddens, batchSizes, batches);
    std::fprintf(stderr, "usage: bench_growth study|train [options] (see the source's header)\n");
    return 2;
}
