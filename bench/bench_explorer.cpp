// How long selecting a review takes in the explorer (issue: under 100 ms at H = 64, T = 500
// and under 300 ms at H = 512): core alone (record all seven kinds + DFA of every unit), and the
// whole page (worker, table, heatmap, traces, F(n), spectrum, tinted text, one replot of every
// figure), offscreen. Baseline in the same run: the same analysis with one DFA call per unit on
// one thread (what a naive explorer would do).
//
// With --growth: the review switch against the analysed length (500 … 5,000 words, the page's
// "Analysed" setting, on synthetic reviews that long) and against H (16 … 512) at 500 words,
// with the log-log slope of each series (time ∝ size^k).
#include "explorer/explorer_page.h"
#include "growth.h"
#include "model/lstm_classifier.h"
#include "plot_view.h"
#include "signal/dfa.h"
#include "study/review_analysis.h"
#include "text/demo_corpus.h"
#include "text/vocabulary.h"
#include "workspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <vector>

using namespace flicker;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::vector<std::int32_t> randomIds(std::size_t n, int vocabulary, std::uint32_t seed) {
    std::vector<std::int32_t> ids(n);
    for (auto& id : ids) {
        seed = seed * 1664525u + 1013904223u;
        id = 2 + std::int32_t((seed >> 8) % std::uint32_t(vocabulary - 2));
    }
    return ids;
}

// An untrained model of H cells over the synthetic vocabulary (bench::word).
std::shared_ptr<Model> untrainedModel(int hidden) {
    ModelSettings ms;
    ms.hidden = hidden;
    ms.vocabularySize = 10002;
    auto model = std::make_shared<Model>();
    model->network = LstmClassifier(ms);
    model->vocabulary = bench::syntheticVocabulary();
    return model;
}

// Median time of a review switch on the whole page (click to every figure replotted), over
// `repeats` reviews, with `steps` words analysed.
double pageSwitchMs(const std::shared_ptr<const Corpus>& corpus, int hidden, int steps,
                    int repeats) {
    Workspace workspace;
    workspace.setCorpus(corpus);
    workspace.setModel(untrainedModel(hidden), QStringLiteral("bench"));
    ExplorerPage page(&workspace);
    page.resize(1400, 900);
    page.show();
    ExplorerPage::State state = page.state();
    state.steps = steps;
    state.reviewId.clear();
    page.setState(state);
    std::vector<double> times;
    for (int r = 0; r < repeats + 1; ++r) { // the first switch warms up (plans, fonts)
        QSignalSpy shown(&page, &ExplorerPage::reviewShown);
        QElapsedTimer t;
        t.start();
        page.showReview(std::size_t(r) % corpus->reviews.size());
        while (shown.isEmpty())
            shown.wait(5);
        for (PlotView* figure : page.figures())
            figure->replotNow();
        QCoreApplication::processEvents();
        if (r > 0) times.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    return median(times);
}

int growth() {
    constexpr int kRepeats = 5;
    // Reviews of 5,000 words (their text, which the page tokenises), the first `steps` analysed.
    auto corpus =
        std::make_shared<const Corpus>(bench::syntheticCorpus(kRepeats + 1, 5000, 3, true));
    std::printf("Explorer review switch against size (whole page, offscreen, median of %d)\n",
                kRepeats);
    std::printf("\n%6s %6s %12s %10s %6s\n", "H", "words", "core ms", "page ms", "load");
    std::vector<double> x, core, page;
    // One point: the core alone (median of kRepeats reviews) and the whole page, printed.
    const auto measure = [&](const auto& model, int hidden, int steps, double size) {
        std::vector<double> fast;
        for (int r = 0; r < kRepeats; ++r) {
            const auto ids = randomIds(std::size_t(steps), 10002, std::uint32_t(r + 1));
            ReviewAnalysisSettings settings;
            settings.maxSteps = std::size_t(steps);
            QElapsedTimer t;
            t.start();
            const ReviewAnalysis a = analyzeReview(model->network, ids, settings);
            fast.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        const double whole = pageSwitchMs(corpus, hidden, steps, kRepeats);
        std::printf("%6d %6d %12.1f %10.1f %6.2f\n", hidden, steps, median(fast), whole,
                    bench::loadAverage());
        std::fflush(stdout);
        x.push_back(size);
        core.push_back(median(fast));
        page.push_back(whole);
    };
    const auto model64 = untrainedModel(64);
    for (int steps : {500, 1000, 2000, 5000})
        measure(model64, 64, steps, steps);
    std::printf("  slope (log-log) of words: core %.2f, page %.2f\n", bench::logSlope(x, core),
                bench::logSlope(x, page));
    x.clear(), core.clear(), page.clear();
    std::printf("\n%6s %6s %12s %10s %6s\n", "H", "words", "core ms", "page ms", "load");
    for (int hidden : {16, 32, 64, 128, 256, 512})
        measure(untrainedModel(hidden), hidden, 500, hidden);
    std::printf("  slope (log-log) of H: core %.2f, page %.2f\n", bench::logSlope(x, core),
                bench::logSlope(x, page));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    configureTorchThreads(0);
    if (argc > 1 && QByteArray(argv[1]) == "--growth") return growth();
    constexpr int kRepeats = 9;

    DemoCorpusSettings demo;
    demo.trainCount = demo.testCount = 2000;
    auto corpus = std::make_shared<const Corpus>(generateDemoCorpus(demo));
    std::vector<std::size_t> longReviews;
    for (std::size_t k = 0; k < corpus->reviews.size(); ++k)
        if (corpus->reviews[k].tokens.size() >= 500) longReviews.push_back(k);

    std::printf("Selecting a review in the explorer, T = 500 words, median of %d\n", kRepeats);
    std::printf("%6s %10s %14s %14s %12s %16s %10s\n", "H", "record ms", "naive core ms", "core ms",
                "core gain", "whole page ms", "target ms");
    for (int hidden : {64, 512}) {
        ModelSettings ms;
        ms.hidden = hidden;
        ms.vocabularySize = 10002;
        auto model = std::make_shared<Model>();
        model->network = LstmClassifier(ms);
        std::unordered_map<std::string, std::int32_t> words{{"<pad>", 0}, {"<unk>", 1}};
        for (int w = 0; w < 10000; ++w) {
            std::string word = std::to_string(w); // "w" + … trips GCC 12's false -Wrestrict
            word.insert(word.begin(), 'w');
            words[word] = w + 2;
        }
        model->vocabulary = Vocabulary::fromMap(words);

        // Core: analyzeReview (batched DFA, all cores) against one dfa() per unit, one thread.
        std::vector<double> fast, naive, recordOnly;
        for (int r = 0; r < kRepeats; ++r) {
            const auto ids = randomIds(500, 10002, std::uint32_t(r + 1));
            QElapsedTimer t;
            t.start();
            const ReviewAnalysis a = analyzeReview(model->network, ids);
            fast.push_back(double(t.nsecsElapsed()) / 1e6);
            t.restart();
            const Recording rec = Recorder(model->network).record(ids);
            recordOnly.push_back(double(t.nsecsElapsed()) / 1e6);
            double sink = 0;
            for (ActivationKind k : kAllKinds) {
                for (std::size_t u = 0; u < rec.units(k); ++u) {
                    std::vector<double> x(rec.steps);
                    for (std::size_t s = 0; s < rec.steps; ++s)
                        x[s] = rec.at(k, s, u);
                    sink += dfa(x).alpha;
                }
            }
            naive.push_back(double(t.nsecsElapsed()) / 1e6);
            if (sink == -1) std::printf(" ");
        }

        // The whole page: from the click to every figure replotted.
        Workspace workspace;
        workspace.setCorpus(corpus);
        workspace.setModel(model, QStringLiteral("bench"));
        ExplorerPage page(&workspace);
        page.resize(1400, 900);
        page.show();
        std::vector<double> whole;
        for (int r = 0; r < kRepeats; ++r) {
            QSignalSpy shown(&page, &ExplorerPage::reviewShown);
            QElapsedTimer t;
            t.start();
            page.showReview(longReviews[std::size_t(r + 1) % longReviews.size()]);
            while (shown.isEmpty())
                shown.wait(5);
            for (PlotView* figure : page.figures())
                figure->replotNow();
            QCoreApplication::processEvents(); // layouts and repaints the selection asked for
            whole.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        std::printf("%6d %10.1f %14.1f %14.1f %11.1fx %16.1f %10d\n", hidden, median(recordOnly),
                    median(naive), median(fast), median(naive) / median(fast), median(whole),
                    hidden == 64 ? 100 : 300);
    }
    return 0;
}
