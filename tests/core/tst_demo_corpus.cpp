// The demo corpus: deterministic by seed, balanced, IMDb-like lengths and word frequencies,
// negations and contrasts present, and a label that a bag of words learns well but not fully.
#include "test_helpers.h"
#include "text/demo_corpus.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

DemoCorpusSettings small(std::uint64_t seed, unsigned threads = 0) {
    DemoCorpusSettings s;
    s.seed = seed;
    s.trainCount = 300;
    s.testCount = 200;
    s.threads = threads;
    return s;
}

std::vector<std::size_t> lengths(const Corpus& corpus) {
    std::vector<std::size_t> out;
    for (const auto& r : corpus.reviews)
        out.push_back(r.tokens.size());
    return out;
}

double median(std::vector<std::size_t> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? double(v[v.size() / 2])
                        : 0.5 * double(v[v.size() / 2 - 1] + v[v.size() / 2]);
}

bool containsToken(const TokenList& tokens, std::string_view word) {
    for (std::size_t k = 0; k < tokens.size(); ++k)
        if (tokens[k] == word) return true;
    return false;
}

} // namespace

class TestDemoCorpus : public QObject {
    Q_OBJECT

    Corpus m_corpus; // the default corpus, generated once
    std::unordered_map<std::string, std::size_t> m_trainCounts; // token → count in train

private slots:
    void initTestCase() {
        std::size_t calls = 0, lastDone = 0, lastTotal = 0;
        const auto start = std::chrono::steady_clock::now();
        m_corpus = generateDemoCorpus({}, [&](const Progress& p) {
            ++calls;
            QVERIFY(p.done >= lastDone);
            lastDone = p.done;
            lastTotal = p.total;
        });
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        qInfo("default demo corpus: %zu reviews in %.2f s", m_corpus.reviews.size(), seconds);
        QVERIFY(calls > 0);
        QCOMPARE(lastDone, std::size_t(50000));
        QCOMPARE(lastTotal, std::size_t(50000));
        for (const auto& r : m_corpus.reviews)
            if (r.split == Split::Train)
                for (std::size_t k = 0; k < r.tokens.size(); ++k)
                    ++m_trainCounts[std::string(r.tokens[k])];
    }

    void countsIdsAndLabels() {
        QCOMPARE(m_corpus.reviews.size(), std::size_t(50000));
        QCOMPARE(m_corpus.source, std::string("demo"));
        QVERIFY(m_corpus.name.find("seed 1") != std::string::npos);
        std::size_t train = 0, test = 0, trainPositive = 0, testPositive = 0;
        for (const auto& r : m_corpus.reviews) {
            QVERIFY(r.label == 0 || r.label == 1);
            QCOMPARE(r.rating, 0);
            QVERIFY(!r.text.empty());
            QVERIFY(!r.tokens.empty());
            if (r.split == Split::Train) {
                QCOMPARE(r.id, "demo/train/" + std::to_string(train));
                ++train;
                trainPositive += std::size_t(r.label);
            } else {
                QCOMPARE(r.split, Split::Test);
                QCOMPARE(r.id, "demo/test/" + std::to_string(test));
                ++test;
                testPositive += std::size_t(r.label);
            }
        }
        QCOMPARE(train, std::size_t(25000));
        QCOMPARE(test, std::size_t(25000));
        QCOMPARE(trainPositive, std::size_t(12500));
        QCOMPARE(testPositive, std::size_t(12500));
        // Labels are shuffled, not in blocks.
        std::size_t changes = 0;
        for (std::size_t i = 1; i < 1000; ++i)
            changes += m_corpus.reviews[i].label != m_corpus.reviews[i - 1].label;
        QVERIFY(changes > 400 && changes < 600);
    }

    void deterministicBySeed() {
        const Corpus a = generateDemoCorpus(small(7));
        const Corpus b = generateDemoCorpus(small(7, 1)); // one thread: same text
        const Corpus c = generateDemoCorpus(small(8));
        QCOMPARE(a.reviews.size(), std::size_t(500));
        std::size_t different = 0;
        for (std::size_t i = 0; i < a.reviews.size(); ++i) {
            QCOMPARE(a.reviews[i].text, b.reviews[i].text);
            QCOMPARE(a.reviews[i].label, b.reviews[i].label);
            QCOMPARE(a.reviews[i].tokens.toStrings(), b.reviews[i].tokens.toStrings());
            different += a.reviews[i].text != c.reviews[i].text;
        }
        QCOMPARE(different, a.reviews.size());
        // Train and test reviews are different texts.
        QVERIFY(a.reviews[0].text != a.reviews[300].text);
        // An odd split stays balanced up to one review.
        DemoCorpusSettings odd = small(3);
        odd.trainCount = 11;
        odd.testCount = 0;
        const Corpus o = generateDemoCorpus(odd);
        std::size_t positives = 0;
        for (const auto& r : o.reviews)
            positives += std::size_t(r.label);
        QVERIFY(positives == 5 || positives == 6);
    }

    void readsLikeEnglish() {
        const Review& r = m_corpus.reviews[0];
        qInfo("first review (label %d, %zu tokens): %s", r.label, r.tokens.size(),
              r.text.substr(0, 600).c_str());
        std::size_t breaks = 0, articleErrors = 0;
        for (const auto& review : m_corpus.reviews) {
            QVERIFY(std::isupper(static_cast<unsigned char>(review.text[0])) ||
                    std::isdigit(static_cast<unsigned char>(review.text[0])));
            breaks += review.text.find("<br /><br />") != std::string::npos;
            articleErrors += review.text.find(" a a") != std::string::npos ||
                             review.text.find(" a e") != std::string::npos ||
                             review.text.find(" a o") != std::string::npos;
            QVERIFY(review.text.find("  ") == std::string::npos);
            QVERIFY(review.text.find('{') == std::string::npos);
        }
        QVERIFY(breaks > m_corpus.reviews.size() / 5); // paragraphs, as in IMDb
        QCOMPARE(articleErrors, std::size_t(0));
    }

    void lengthsLikeImdb() {
        const auto len = lengths(m_corpus);
        double sum = 0;
        std::size_t atLeast500 = 0, over1000 = 0;
        for (auto n : len) {
            sum += double(n);
            atLeast500 += n >= 500;
            over1000 += n > 1000;
        }
        const double mean = sum / double(len.size());
        const double med = median(len);
        const double share500 = double(atLeast500) / double(len.size());
        qInfo("tokens per review: median %.1f, mean %.1f, max %zu, >= 500: %.2f %%, > 1000: %zu",
              med, mean, *std::max_element(len.begin(), len.end()), 100 * share500, over1000);
        QVERIFY(std::abs(med - 175) <= 25);
        QVERIFY(std::abs(mean - 230) <= 30);
        QVERIFY(share500 >= 0.05);
        QVERIFY(over1000 >= 50);
        QVERIFY(*std::min_element(len.begin(), len.end()) >= 5);
        // The analysis set of long test reviews is large enough for a study.
        std::size_t longTest = 0;
        for (const auto& r : m_corpus.reviews)
            longTest += r.split == Split::Test && r.tokens.size() >= 500;
        QVERIFY(longTest >= 1000);
    }

    void vocabularyAndZipf() {
        std::vector<std::size_t> freq;
        std::size_t total = 0;
        for (const auto& [word, n] : m_trainCounts) {
            freq.push_back(n);
            total += n;
        }
        std::sort(freq.rbegin(), freq.rend());
        std::size_t top = 0;
        for (std::size_t i = 0; i < std::min<std::size_t>(10000, freq.size()); ++i)
            top += freq[i];
        const double coverage = double(top) / double(total);
        // Least-squares slope of ln(frequency) on ln(rank) over ranks 10 … 2,000: below 10 are
        // "the", "a", "is"; past a few thousand the hand-written lists end and the tail is
        // invented names and misspellings, which fall off faster.
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (std::size_t rank = 10; rank <= std::min<std::size_t>(2000, freq.size()); ++rank) {
            const double x = std::log(double(rank)), y = std::log(double(freq[rank - 1]));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            ++n;
        }
        const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        qInfo("train: %zu tokens, %zu distinct; top 10,000 cover %.2f %%; Zipf slope %.3f; "
              "frequency at rank 10: %zu, 100: %zu, 1,000: %zu, 5,000: %zu, 10,000: %zu",
              total, freq.size(), 100 * coverage, slope, freq[9], freq[99], freq[999], freq[4999],
              freq.size() >= 10000 ? freq[9999] : 0);
        QVERIFY(freq.size() >= 5000);
        QVERIFY(coverage >= 0.95);
        QVERIFY(slope > -1.3 && slope < -0.8);
    }

    void negationsAndContrasts() {
        std::size_t negated = 0, contrasted = 0, notBad = 0;
        for (const auto& r : m_corpus.reviews) {
            const auto& t = r.tokens;
            negated +=
                containsToken(t, "not") || containsToken(t, "didn't") || containsToken(t, "never");
            contrasted += containsToken(t, "but") || containsToken(t, "although") ||
                          containsToken(t, "despite");
            notBad += r.text.find("not bad") != std::string::npos;
        }
        const double n = double(m_corpus.reviews.size());
        qInfo("reviews with a negation: %.1f %%, a contrast: %.1f %%, \"not bad\": %zu",
              100 * negated / n, 100 * contrasted / n, notBad);
        QVERIFY(negated > 0.5 * n);
        QVERIFY(contrasted > 0.3 * n);
        QVERIFY(notBad > 100);
    }

    // A multinomial naive Bayes classifier on word counts: the label is learnable from words,
    // yet word order (negation, contrast, the verdict) holds information a bag of words misses.
    void bagOfWordsLearnsButNotFully() {
        std::unordered_map<std::string, std::array<double, 2>> counts;
        double totals[2] = {0, 0};
        for (const auto& r : m_corpus.reviews) {
            if (r.split != Split::Train) continue;
            for (std::size_t k = 0; k < r.tokens.size(); ++k)
                counts[std::string(r.tokens[k])][std::size_t(r.label)] += 1;
            totals[r.label] += double(r.tokens.size());
        }
        const double vocab = double(counts.size());
        std::unordered_map<std::string, double> weight; // log-count ratio, Laplace smoothing
        for (const auto& [word, c] : counts)
            weight[word] = std::log((c[1] + 1) / (totals[1] + vocab)) -
                           std::log((c[0] + 1) / (totals[0] + vocab));
        std::size_t correct = 0, tested = 0, longCorrect = 0, longTested = 0;
        for (const auto& r : m_corpus.reviews) {
            if (r.split != Split::Test) continue;
            double score = 0;
            for (std::size_t k = 0; k < r.tokens.size(); ++k) {
                const auto it = weight.find(std::string(r.tokens[k]));
                if (it != weight.end()) score += it->second;
            }
            const bool right = (score > 0) == (r.label == 1);
            correct += right;
            ++tested;
            if (r.tokens.size() >= 500) {
                longCorrect += right;
                ++longTested;
            }
        }
        const double accuracy = double(correct) / double(tested);
        qInfo("naive Bayes bag of words: test accuracy %.2f %% (reviews >= 500 tokens: %.2f %%)",
              100 * accuracy, 100.0 * double(longCorrect) / double(longTested));
        QVERIFY(accuracy > 0.75);
        QVERIFY(accuracy < 0.93);
    }

    void progressAndCancel() {
        std::stop_source source;
        DemoCorpusSettings s = small(1);
        s.trainCount = 5000;
        std::size_t calls = 0;
        QVERIFY(throwsError(
            [&] {
                generateDemoCorpus(
                    s,
                    [&](const Progress&) {
                        ++calls;
                        source.request_stop(); // cancel after the first block
                    },
                    source.get_token());
            },
            ErrorCode::Cancelled, "cancelled"));
        QCOMPARE(calls, std::size_t(1));
    }

    void badSettings() {
        DemoCorpusSettings none;
        none.trainCount = 0;
        none.testCount = 0;
        QVERIFY(throwsError([&] { generateDemoCorpus(none); }, ErrorCode::InvalidArgument,
                            "testCount"));
        DemoCorpusSettings huge;
        huge.trainCount = std::size_t(-1);
        QVERIFY(
            throwsError([&] { generateDemoCorpus(huge); }, ErrorCode::InvalidArgument, "at most"));
    }
};

QTEST_APPLESS_MAIN(TestDemoCorpus)
#include "tst_demo_corpus.moc"
