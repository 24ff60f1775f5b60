#include "study/study.h"

#include "error.h"
#include "record/recorder.h"
#include "signal/parallel.h"
#include "signal/random.h"
#include "signal/surrogates.h"
#include "study/dimension.h"
#include "study/gram.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

namespace flicker {
namespace {

// The controls' seeds, derived from the study's seed so that every review, kind and unit has
// a stream of its own: a review's word shuffle seed·7919 + its corpus index; a unit's
// surrogate (seed + index)·1000003 + kind·4099 + unit.
constexpr std::uint64_t kShuffleSeedStride = 7919;
constexpr std::uint64_t kSurrogateSeedStride = 1000003;
constexpr std::uint64_t kSurrogateKindStride = 4099;

// What one unit series gave.
struct UnitOutcome {
    bool silent = true;
    double alpha = kNoValue, r2 = kNoValue, betaPsd = kNoValue;
    std::vector<double> fluctuation; // F(s) at the study's scales
};

using Columns = std::vector<std::vector<double>>; // one series per unit

Columns columnsOf(const Recording& r, ActivationKind kind, std::size_t steps) {
    const std::size_t U = r.units(kind);
    const auto values = r.values(kind);
    Columns cols(U, std::vector<double>(steps));
    for (std::size_t t = 0; t < steps; ++t)
        for (std::size_t u = 0; u < U; ++u)
            cols[u][t] = double(values[t * U + u]);
    return cols;
}

UnitOutcome analyseUnit(const std::vector<double>& x, const DfaSettings& dfaSettings,
                        const WelchSettings& welch) {
    UnitOutcome o;
    const DfaResult d = dfa(x, dfaSettings);
    o.fluctuation = d.fluctuation;
    if (d.silent) return o;
    o.silent = false;
    o.alpha = d.alpha;
    o.r2 = d.r2;
    const SpectralExponent p = spectralExponent(x, welch);
    o.betaPsd = p.silent ? kNoValue : p.beta;
    return o;
}

double meanOf(const std::vector<double>& v) {
    double s = 0;
    std::size_t n = 0;
    for (double x : v)
        if (!std::isnan(x)) s += x, ++n;
    return n ? s / double(n) : kNoValue;
}

// One row from a set of units (a kind, or a group of kinds).
Measure aggregate(const std::vector<const UnitOutcome*>& units,
                  const std::vector<const std::vector<double>*>& series,
                  const std::vector<int>& scales, const StudySettings& s) {
    Measure m;
    m.units = int(units.size());
    std::vector<double> alphas, r2s, psds, unitBetas;
    for (const UnitOutcome* u : units) {
        if (u->silent) {
            ++m.silentUnits;
            continue;
        }
        alphas.push_back(u->alpha);
        r2s.push_back(u->r2);
        psds.push_back(u->betaPsd);
        unitBetas.push_back(2 * u->alpha - 1);
    }
    if (!unitBetas.empty()) {
        m.unitBetaMean = meanOf(unitBetas);
        double ss = 0;
        for (double b : unitBetas)
            ss += (b - m.unitBetaMean) * (b - m.unitBetaMean);
        m.unitBetaSd = std::sqrt(ss / double(unitBetas.size()));
    }
    switch (s.aggregation) {
    case Aggregation::MeanAlpha:
        if (alphas.empty()) return m;
        m.alpha = meanOf(alphas);
        m.r2 = meanOf(r2s);
        m.betaPsd = meanOf(psds);
        break;
    case Aggregation::MeanFluctuation: {
        if (alphas.empty()) return m;
        std::vector<const std::vector<double>*> curves;
        for (const UnitOutcome* u : units)
            if (!u->silent) curves.push_back(&u->fluctuation);
        const DfaResult r = meanFluctuation(scales, curves, s.dfa.fitMinScale, s.dfa.fitMaxScale);
        if (r.silent) return m;
        m.alpha = r.alpha;
        m.r2 = r.r2;
        m.betaPsd = meanOf(psds);
        break;
    }
    case Aggregation::AveragedSignal: {
        std::vector<double> avg(series.front()->size(), 0.0);
        for (const auto* x : series)
            for (std::size_t t = 0; t < avg.size(); ++t)
                avg[t] += (*x)[t] / double(series.size());
        const UnitOutcome o = analyseUnit(avg, s.dfa, s.welch);
        if (o.silent) return m;
        m.alpha = o.alpha;
        m.r2 = o.r2;
        m.betaPsd = o.betaPsd;
        break;
    }
    }
    m.beta = 2 * m.alpha - 1;
    return m;
}

// The rows of one condition of one review: each kind, and the internal / external groups
// when all their kinds are studied.
void measureCondition(const std::array<Columns, kKindCount>& cols, Condition c,
                      const StudySettings& s, const std::vector<int>& scales, ReviewResult& out) {
    std::array<std::vector<UnitOutcome>, kKindCount> outcomes;
    for (ActivationKind k : s.kinds) {
        const auto& kc = cols[std::size_t(k)];
        auto& ko = outcomes[std::size_t(k)];
        ko.reserve(kc.size());
        for (const auto& x : kc)
            ko.push_back(analyseUnit(x, s.dfa, s.welch));
    }
    auto rowFor = [&](const std::vector<ActivationKind>& kinds) {
        std::vector<const UnitOutcome*> units;
        std::vector<const std::vector<double>*> series;
        for (ActivationKind k : kinds)
            for (std::size_t u = 0; u < cols[std::size_t(k)].size(); ++u) {
                units.push_back(&outcomes[std::size_t(k)][u]);
                series.push_back(&cols[std::size_t(k)][u]);
            }
        return aggregate(units, series, scales, s);
    };
    auto studied = [&](ActivationKind k) {
        return std::find(s.kinds.begin(), s.kinds.end(), k) != s.kinds.end();
    };
    for (ActivationKind k : s.kinds)
        out.rows[rowKey(kindName(k), c)] = rowFor({k});
    if (c == Condition::Real) {
        for (ActivationKind k : s.kinds) {
            auto& betas = out.unitBetas[kindName(k)];
            for (const UnitOutcome& u : outcomes[std::size_t(k)])
                betas.push_back(u.silent ? std::numeric_limits<float>::quiet_NaN()
                                         : float(2 * u.alpha - 1));
        }
    }
    using K = ActivationKind;
    if (studied(K::I) && studied(K::F) && studied(K::G) && studied(K::O))
        out.rows[rowKey("internal", c)] = rowFor({K::I, K::F, K::G, K::O});
    if (studied(K::C) && studied(K::H)) out.rows[rowKey("external", c)] = rowFor({K::C, K::H});
}

std::array<Columns, kKindCount> allColumns(const Recording& r, const StudySettings& s) {
    std::array<Columns, kKindCount> cols;
    for (ActivationKind k : s.kinds)
        cols[std::size_t(k)] = columnsOf(r, k, s.steps);
    return cols;
}

std::array<Columns, kKindCount> surrogates(const std::array<Columns, kKindCount>& real, Condition c,
                                           std::uint64_t seed) {
    std::array<Columns, kKindCount> out;
    for (std::size_t k = 0; k < kKindCount; ++k) {
        out[k].reserve(real[k].size());
        for (std::size_t u = 0; u < real[k].size(); ++u) {
            const std::uint64_t unitSeed =
                seed * kSurrogateSeedStride + k * kSurrogateKindStride + u;
            out[k].push_back(c == Condition::Permuted ? permutationSurrogate(real[k][u], unitSeed)
                                                      : phaseSurrogate(real[k][u], unitSeed));
        }
    }
    return out;
}

bool has(const std::vector<Condition>& v, Condition c) {
    return std::find(v.begin(), v.end(), c) != v.end();
}

} // namespace

const char* aggregationName(Aggregation a) {
    switch (a) {
    case Aggregation::MeanAlpha:
        return "mean-alpha";
    case Aggregation::MeanFluctuation:
        return "mean-fluctuation";
    case Aggregation::AveragedSignal:
        return "averaged-signal";
    }
    return "?";
}

const char* conditionName(Condition c) {
    static constexpr const char* names[] = {"real", "shuffled", "untrained", "permuted", "phase"};
    return names[int(c)];
}

std::optional<Condition> conditionFromName(std::string_view name) {
    for (Condition c : {Condition::Real, Condition::Shuffled, Condition::Untrained,
                        Condition::Permuted, Condition::Phase})
        if (name == conditionName(c)) return c;
    return std::nullopt;
}

std::optional<Aggregation> aggregationFromName(std::string_view name) {
    for (Aggregation a :
         {Aggregation::MeanAlpha, Aggregation::MeanFluctuation, Aggregation::AveragedSignal})
        if (name == aggregationName(a)) return a;
    return std::nullopt;
}

Measure measureUnits(const std::vector<std::vector<double>>& units, const StudySettings& settings) {
    if (units.empty()) throw Error(ErrorCode::InvalidArgument, "no unit series to measure");
    StudySettings s = settings;
    const std::vector<int> scales = resolveScales(units.front().size(), s.dfa);
    s.dfa.scales = scales;
    std::vector<UnitOutcome> outcomes;
    std::vector<const UnitOutcome*> pointers;
    std::vector<const std::vector<double>*> series;
    outcomes.reserve(units.size());
    for (const auto& u : units) {
        if (u.size() != units.front().size())
            throw Error(ErrorCode::InvalidArgument, "unit series differ in length");
        outcomes.push_back(analyseUnit(u, s.dfa, s.welch));
    }
    for (std::size_t k = 0; k < units.size(); ++k) {
        pointers.push_back(&outcomes[k]);
        series.push_back(&units[k]);
    }
    return aggregate(pointers, series, scales, s);
}

std::vector<double> meanUnitBetas(const std::vector<ReviewResult>& reviews,
                                  const std::string& kind) {
    std::vector<double> sum;
    std::vector<std::size_t> count;
    for (const ReviewResult& r : reviews) {
        const auto it = r.unitBetas.find(kind);
        if (it == r.unitBetas.end()) continue;
        if (sum.size() < it->second.size()) {
            sum.resize(it->second.size(), 0.0);
            count.resize(it->second.size(), 0);
        }
        for (std::size_t u = 0; u < it->second.size(); ++u)
            if (!std::isnan(it->second[u])) sum[u] += it->second[u], ++count[u];
    }
    for (std::size_t u = 0; u < sum.size(); ++u)
        sum[u] = count[u] ? sum[u] / double(count[u]) : kNoValue;
    return sum;
}

std::string rowKey(const std::string& kindOrGroup, Condition condition) {
    return condition == Condition::Real ? kindOrGroup
                                        : kindOrGroup + "_" + conditionName(condition);
}

std::vector<std::size_t> analysisSet(const Corpus& corpus, const StudySettings& settings) {
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < corpus.reviews.size(); ++k) {
        const Review& r = corpus.reviews[k];
        if (r.split != settings.split || r.tokens.size() < settings.minLength) continue;
        out.push_back(k);
        if (settings.maxReviews && out.size() >= settings.maxReviews) break;
    }
    return out;
}

Outcome<StudyResult> runStudy(const Model& model, const Corpus& corpus,
                              const StudySettings& settings, const StudyBatchFn& onBatch,
                              const ProgressFn& progress, std::stop_token stop) {
    return runStudy(model.network, model.vocabulary, corpus, settings, onBatch, progress, stop);
}

namespace {

void checkStudySettings(const StudySettings& settings) {
    if (settings.steps < 16 || settings.minLength < settings.steps)
        throw Error(ErrorCode::InvalidArgument,
                    "study: analysed steps must be at least 16 and at most the minimum length "
                    "(reviews are never padded)");
    if (settings.kinds.empty())
        throw Error(ErrorCode::InvalidArgument, "study: choose at least one activation kind");
    // The DFA windows must fit the analysed length: said in the study's own terms, before the
    // first review (dfa()'s own advice names the window settings of a single series).
    try {
        resolveScales(settings.steps, settings.dfa);
    } catch (const Error& e) {
        if (e.code() != ErrorCode::TooShort) throw;
        std::size_t enough = settings.steps;
        for (bool fits = false; !fits && enough < (std::size_t(1) << 20);) {
            try {
                resolveScales(++enough, settings.dfa);
                fits = true;
            } catch (const Error&) {
            }
        }
        throw Error(ErrorCode::TooShort,
                    "study: " + std::to_string(settings.steps) +
                        " analysed steps are too few for the DFA windows (from " +
                        std::to_string(settings.dfa.minScale) +
                        " steps up to a quarter of the length): analyse at least " +
                        std::to_string(enough) + " steps (of reviews at least that long)",
                    "steps");
    }
}

// Reviews of the split with at least minLength tokens (before maxReviews).
std::size_t qualifyingReviews(const Corpus& corpus, const StudySettings& settings) {
    std::size_t qualifying = 0;
    for (const Review& r : corpus.reviews)
        qualifying += r.split == settings.split && r.tokens.size() >= settings.minLength;
    return qualifying;
}

// The analysis set; Error(EmptyInput) when no review qualifies.
std::vector<std::size_t> studySet(const Corpus& corpus, const StudySettings& settings) {
    std::vector<std::size_t> set = analysisSet(corpus, settings);
    if (set.empty())
        throw Error(ErrorCode::EmptyInput,
                    corpus.name + " has no " + splitName(settings.split) +
                        " review with at least " + std::to_string(settings.minLength) +
                        " words: nothing to study (lower "
                        "the minimum length, or use a data set with long reviews)");
    return set;
}

// The words of a review in an order of its own (the shuffled-words control).
std::vector<std::int32_t> shuffledWords(std::vector<std::int32_t> ids, std::uint64_t seed,
                                        std::size_t corpusIndex) {
    Rng rng(seed * kShuffleSeedStride + corpusIndex);
    for (std::size_t i = ids.size(); i > 1; --i)
        std::swap(ids[i - 1], ids[rng.below(i)]);
    return ids;
}

// One batch of reviews recorded: the network on their words, and the controls that need a
// network (shuffled words, the untrained twin) where asked for.
struct BatchRecordings {
    std::vector<Recording> real, shuffled, untrained;
};

BatchRecordings recordBatch(const LstmClassifier& network, const LstmClassifier& untrained,
                            const Vocabulary& vocabulary, const Corpus& corpus,
                            std::span<const std::size_t> indices, const StudySettings& s) {
    std::vector<std::vector<std::int32_t>> ids, shuffled;
    for (std::size_t index : indices) {
        ids.push_back(vocabulary.encode(corpus.reviews[index].tokens, s.steps));
        shuffled.push_back(shuffledWords(ids.back(), s.seed, index));
    }
    BatchRecordings r;
    r.real = Recorder(network).recordMany(ids);
    if (has(s.controls, Condition::Shuffled)) r.shuffled = Recorder(network).recordMany(shuffled);
    if (has(s.controls, Condition::Untrained)) r.untrained = Recorder(untrained).recordMany(ids);
    return r;
}

// Every row of the b-th review of a batch: the real network, then each control asked for.
ReviewResult measureReview(const Corpus& corpus, std::size_t index,
                           const BatchRecordings& recordings, std::size_t b,
                           const StudySettings& s) {
    const std::vector<int>& scales = s.dfa.scales;
    ReviewResult out;
    out.id = corpus.reviews[index].id;
    out.corpusIndex = index;
    out.label = corpus.reviews[index].label;
    out.probability = recordings.real[b].probability;
    const auto realCols = allColumns(recordings.real[b], s);
    measureCondition(realCols, Condition::Real, s, scales, out);
    if (!recordings.shuffled.empty())
        measureCondition(allColumns(recordings.shuffled[b], s), Condition::Shuffled, s, scales,
                         out);
    if (!recordings.untrained.empty())
        measureCondition(allColumns(recordings.untrained[b], s), Condition::Untrained, s, scales,
                         out);
    for (Condition c : {Condition::Permuted, Condition::Phase})
        if (has(s.controls, c))
            measureCondition(surrogates(realCols, c, s.seed + index), c, s, scales, out);
    return out;
}

// The reviews of a batch measured in parallel, in batch order.
std::vector<ReviewResult> measureBatch(const Corpus& corpus, std::span<const std::size_t> indices,
                                       const BatchRecordings& recordings, const StudySettings& s) {
    std::vector<ReviewResult> batch(indices.size());
    parallelFor(batch.size(), s.threads, [&](std::size_t b0, std::size_t b1) {
        for (std::size_t b = b0; b < b1; ++b)
            batch[b] = measureReview(corpus, indices[b], recordings, b, s);
    });
    return batch;
}

// Running sums over h of every analysed review: its Gram matrix and sums for the covariance,
// and each unit's temporal SD, for utilisation and the participation ratio.
class HiddenStateSums {
public:
    explicit HiddenStateSums(std::size_t hidden)
        : m_hidden(hidden), m_gram(hidden * hidden, 0.0), m_sum(hidden, 0.0), m_sdSum(hidden, 0.0) {
    }

    void add(const Recording& r) {
        const std::size_t H = m_hidden;
        detail::addGram(r.h.data(), r.steps, H, m_gram);
        for (std::size_t u = 0; u < H; ++u) {
            double sum = 0, sum2 = 0;
            for (std::size_t t = 0; t < r.steps; ++t) {
                const double v = r.h[t * H + u];
                sum += v;
                sum2 += v * v;
            }
            m_sum[u] += sum;
            const double mean = sum / double(r.steps);
            m_sdSum[u] += std::sqrt(std::max(0.0, sum2 / double(r.steps) - mean * mean));
        }
        m_steps += r.steps;
    }

    // Sets result's unitTemporalSd, utilisation and participationRatio (over its reviews).
    void finish(StudyResult& result) const {
        const std::size_t H = m_hidden;
        result.unitTemporalSd.resize(H);
        std::size_t used = 0;
        for (std::size_t u = 0; u < H; ++u) {
            result.unitTemporalSd[u] = m_sdSum[u] / double(result.reviews.size());
            used += result.unitTemporalSd[u] > result.settings.utilisationThreshold;
        }
        result.utilisation = double(used) / double(H);
        // Covariance of h over all analysed steps; PR = (tr C)² / tr(C²).
        result.participationRatio = participationRatioFromSums(m_gram, m_sum, m_steps, H);
    }

private:
    std::size_t m_hidden;
    std::vector<double> m_gram, m_sum, m_sdSum;
    std::size_t m_steps = 0;
};

} // namespace

Outcome<StudyResult> runStudy(const LstmClassifier& network, const Vocabulary& vocabulary,
                              const Corpus& corpus, const StudySettings& settings,
                              const StudyBatchFn& onBatch, const ProgressFn& progress,
                              std::stop_token stop) {
    checkStudySettings(settings);
    Outcome<StudyResult> outcome;
    StudyResult& result = outcome.value;
    result.settings = settings;
    StudySettings s = settings; // scales fixed for every unit, so F(s) can be averaged (mode b)
    s.dfa.scales = resolveScales(settings.steps, settings.dfa);
    result.reviewsQualifying = qualifyingReviews(corpus, settings);
    const std::vector<std::size_t> set = studySet(corpus, settings);
    const LstmClassifier untrained(network.settings()); // same architecture and seed
    HiddenStateSums hidden(std::size_t(network.settings().hidden));
    StepParticipation stepPr(settings.steps, std::size_t(network.settings().hidden));
    // The twin's sums only with the untrained control (they are up to 64 MB: kStepGramBudget).
    StepParticipation stepPrUntrained(has(settings.controls, Condition::Untrained) ? settings.steps
                                                                                   : 0,
                                      std::size_t(network.settings().hidden));
    const auto hiddenOf = [](const std::vector<Recording>& recordings) {
        std::vector<const float*> h;
        for (const Recording& r : recordings)
            h.push_back(r.h.data());
        return h;
    };

    for (std::size_t start = 0; start < set.size(); start += settings.batchReviews) {
        if (stop.stop_requested()) { // between batches: a batch in hand is finished first
            outcome.cancelled = true;
            break;
        }
        const std::size_t end = std::min(set.size(), start + settings.batchReviews);
        const std::span<const std::size_t> indices(set.data() + start, end - start);
        const BatchRecordings recordings =
            recordBatch(network, untrained, vocabulary, corpus, indices, s);
        const std::vector<ReviewResult> batch = measureBatch(corpus, indices, recordings, s);
        for (const Recording& r : recordings.real)
            hidden.add(r);
        // Every review has `steps` steps (at least minLength ≥ steps tokens, never padded).
        stepPr.add(hiddenOf(recordings.real));
        if (!recordings.untrained.empty()) stepPrUntrained.add(hiddenOf(recordings.untrained));
        result.reviews.insert(result.reviews.end(), batch.begin(), batch.end());
        if (onBatch) onBatch(batch);
        report(progress, {"analysing", result.reviews.size(), set.size(),
                          "analysed " + std::to_string(result.reviews.size()) + " of " +
                              std::to_string(set.size()) + " reviews"});
    }
    if (!result.reviews.empty()) {
        hidden.finish(result);
        for (std::size_t t : stepPr.steps())
            result.prSteps.push_back(int(t + 1));
        result.prByStep = stepPr.ratios();
        if (stepPrUntrained.reviews()) result.prByStepUntrained = stepPrUntrained.ratios();
        result.prStepMean = finiteMean(result.prByStep);
    }
    summarizeStudy(result);
    return outcome;
}

void summarizeStudy(StudyResult& result) {
    result.summary.clear();
    const bool unitBetasKnown =
        std::any_of(result.reviews.begin(), result.reviews.end(),
                    [](const ReviewResult& r) { return !r.unitBetas.empty(); });
    if (unitBetasKnown) {
        result.unitBetaMeans.clear();
        for (ActivationKind k : kAllKinds)
            if (auto means = meanUnitBetas(result.reviews, kindName(k)); !means.empty())
                result.unitBetaMeans[kindName(k)] = std::move(means);
    }
    std::map<std::string, std::vector<double>> betas, psds, r2s;
    std::map<std::string, std::size_t> silent, unitCount;
    std::map<std::string, double> unitSum, unitSum2;
    for (const ReviewResult& r : result.reviews)
        for (const auto& [key, m] : r.rows) {
            betas[key].push_back(m.beta);
            psds[key].push_back(m.betaPsd);
            r2s[key].push_back(m.r2);
            silent[key] += std::size_t(std::max(0, m.silentUnits));
            // Counts may come from a study file: only a consistent pair is used.
            const bool counted = m.silentUnits >= 0 && m.silentUnits <= m.units;
            const std::size_t n = counted ? std::size_t(m.units) - std::size_t(m.silentUnits) : 0;
            if (n > 0 && !std::isnan(m.unitBetaMean)) {
                unitCount[key] += n;
                unitSum[key] += double(n) * m.unitBetaMean;
                unitSum2[key] +=
                    double(n) * (m.unitBetaSd * m.unitBetaSd + m.unitBetaMean * m.unitBetaMean);
            }
        }
    // The bootstrap of every row (O(reviews · resamples) each) dominates opening a large study:
    // the rows are independent, so they share the cores. Each has its own seeded generator,
    // so the numbers do not depend on the threads.
    std::vector<const std::string*> keys;
    for (const auto& entry : betas)
        keys.push_back(&entry.first);
    std::vector<SummaryRow> rows(keys.size());
    parallelFor(keys.size(), 0, [&](std::size_t begin, std::size_t end) {
        for (std::size_t k = begin; k < end; ++k) {
            const std::string& key = *keys[k];
            rows[k].beta = summarize(betas.at(key), result.settings.seed);
            rows[k].betaPsd = summarize(psds.at(key), result.settings.seed);
        }
    });
    for (std::size_t k = 0; k < keys.size(); ++k) {
        const std::string& key = *keys[k];
        SummaryRow& row = rows[k];
        row.meanR2 = meanOf(r2s[key]);
        row.silentUnits = silent[key];
        row.unitSeries = unitCount[key];
        if (row.unitSeries) {
            const double n = double(row.unitSeries);
            row.unitBetaMean = unitSum[key] / n;
            row.unitBetaSd =
                std::sqrt(std::max(0.0, unitSum2[key] / n - row.unitBetaMean * row.unitBetaMean));
        }
        result.summary[key] = row;
    }
}

} // namespace flicker
