// The demo review generator. Each review has a label and a hidden "clarity": the probability
// that one of its opinion sentences agrees with the label. Opinion sentences are spread among
// plot summary, cast notes and asides; some words are negated ("not bad"), some sentences
// contrast two clauses ("the plot was dull, but the acting saved it"), and a verdict may open
// or close the review. Mixed reviews (clarity ½) without a verdict cannot be classified, so no
// model reaches 100 %.
#include "text/demo_corpus.h"

#include "error.h"
#include "signal/parallel.h"
#include "signal/random.h"
#include "text/demo_lexicon.h"
#include "text/tokenizer.h"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace flicker {
namespace {

using demo::Lexicon;
using demo::OpinionKind;
using demo::SentenceTemplate;
using demo::SlotKind;
using demo::TemplateItem;
using demo::WordList;

// Review lengths in tokens are log-normal like IMDb's (median 174, mean 234, 7–8 % of reviews
// of 500 tokens or more, a tail past 1,000). The median of the drawn targets sits a little
// below 175 because a review ends with the sentence that crosses its target.
constexpr double kLengthLogMedian = 5.14; // ln(171)
constexpr double kLengthLogSd = 0.75;
constexpr double kMinLength = 10;
constexpr double kMaxLength = 2400;

// Kinds of review and how often an opinion sentence agrees with the label in each.
constexpr double kClearShare = 0.70; // agreement 0.80 … 0.97
constexpr double kWeakShare = 0.21;  // agreement 0.60 … 0.78; the rest are mixed (0.5)

constexpr double kVerdictLast = 0.60;       // a verdict closes the review
constexpr double kVerdictFirst = 0.15;      // a verdict opens it
constexpr double kOpening = 0.30;           // "I watched this film last night with my wife."
constexpr double kContrastShare = 0.22;     // of opinion sentences
constexpr double kFixedVerdictShare = 0.40; // "Highly recommended." instead of a template
constexpr double kParagraphBreak = 0.12;    // "<br /><br />" after a sentence, as in IMDb
constexpr double kIntensifier = 0.22;       // "really good"
constexpr double kFullName = 0.25;          // "Anna Holt" rather than "Anna"
// Misspellings per word: like IMDb's, they fill the long tail of rare words beyond the
// 10,000-word vocabulary, so that a model meets unknown words.
constexpr double kTypo = 0.005;
constexpr std::size_t kBlock = 1024; // reviews between progress reports

std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/// A generator of its own for every review, so that reviews are the same for any thread count.
Rng reviewRng(std::uint64_t seed, Split split, std::size_t index) {
    return Rng(mix(mix(seed) ^ (std::uint64_t(split) << 56) ^ std::uint64_t(index)));
}

bool isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
}

/// "an" before a vowel sound: "an old house", "a unique film", "an honest man".
bool takesAn(std::string_view word) {
    std::string w;
    for (char c : word.substr(0, 6))
        w.push_back(char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    for (std::string_view p : {"hour", "honest", "honor", "heir"})
        if (w.starts_with(p)) return true;
    for (std::string_view p : {"uni", "use", "usu", "uto", "one", "eu", "ur"})
        if (w.starts_with(p)) return false;
    return !w.empty() && std::string_view("aeiou").find(w[0]) != std::string_view::npos;
}

bool isLower(char c) {
    return c >= 'a' && c <= 'z';
}

/// One slip of the keyboard inside a word of four letters or more: two letters swapped, one
/// dropped or one doubled. The first letter stays, so "a"/"an" before it stays right.
std::string misspell(std::string_view chunk, Rng& rng) {
    std::string w(chunk);
    std::vector<std::size_t> places; // i where w[i] and w[i + 1] are inside a long word
    for (std::size_t start = 0; start < w.size();) {
        std::size_t end = start;
        while (end < w.size() && isLower(w[end]))
            ++end;
        if (end - start >= 4)
            for (std::size_t i = start + 1; i + 1 < end; ++i)
                places.push_back(i);
        start = end + 1;
    }
    if (places.empty()) return w;
    const std::size_t i = places[rng.below(places.size())];
    switch (rng.below(3)) {
    case 0:
        std::swap(w[i], w[i + 1]);
        break;
    case 1:
        w.erase(i + 1, 1);
        break;
    default:
        w.insert(i, 1, w[i]);
        break;
    }
    return w;
}

/// Appends words to a review's text: spaces, a capital at a sentence's start, "a" → "an",
/// occasional misspellings, and a running count of tokens as the default tokenizer finds them.
class TextWriter {
public:
    TextWriter(std::string& out, Rng& rng) : m_out(out), m_rng(rng) {}

    void startSentence() { m_capitalize = true; }
    void paragraphBreak() {
        m_out += "<br /><br />";
        m_afterBreak = true;
        m_lastWasA = false;
    }
    std::size_t tokens() const { return m_tokens; }

    void append(std::string_view chunk, bool glued = false) {
        if (chunk.empty()) return;
        const bool isA = chunk == "a" || chunk == "A";
        std::string misspelled;
        if (m_rng.uniform() < kTypo) {
            misspelled = misspell(chunk, m_rng);
            chunk = misspelled;
        }
        if (!glued && !m_out.empty() && !m_afterBreak) {
            if (m_lastWasA && takesAn(chunk)) m_out += 'n';
            m_out += ' ';
        }
        m_afterBreak = false;
        bool inWord = !m_out.empty() && isWordChar(m_out.back());
        const std::size_t start = m_out.size();
        m_out += chunk;
        if (m_capitalize) {
            for (std::size_t i = start; i < m_out.size(); ++i) {
                if (m_out[i] >= 'a' && m_out[i] <= 'z') m_out[i] = char(m_out[i] - 'a' + 'A');
                if (isWordChar(m_out[i])) break;
            }
            m_capitalize = false;
        }
        for (char c : chunk) {
            const bool word = isWordChar(c);
            if (word && !inWord) ++m_tokens;
            inWord = word;
        }
        m_lastWasA = isA;
    }

private:
    std::string& m_out;
    Rng& m_rng;
    std::size_t m_tokens = 0;
    bool m_capitalize = false;
    bool m_lastWasA = false;
    bool m_afterBreak = false;
};

struct Person {
    std::string first;
    std::string full;
    bool female = false;
};

/// The hidden properties of one review.
struct ReviewPlan {
    bool positive = true;
    double agreement = 1; ///< probability that an opinion sentence has the label's polarity
    std::size_t targetTokens = 0;
    double opinionShare = 0.4; ///< of the sentences between opening and verdict
    double negation = 0.25;    ///< probability that a negatable opinion slot is negated
    bool verdictFirst = false;
    bool verdictLast = false;
    bool opening = false;
};

ReviewPlan planReview(bool positive, Rng& rng) {
    ReviewPlan plan;
    plan.positive = positive;
    const double kind = rng.uniform();
    if (kind < kClearShare)
        plan.agreement = 0.80 + 0.17 * rng.uniform();
    else if (kind < kClearShare + kWeakShare)
        plan.agreement = 0.60 + 0.18 * rng.uniform();
    else
        plan.agreement = 0.5;
    const double length = std::exp(kLengthLogMedian + kLengthLogSd * rng.normal());
    plan.targetTokens = std::size_t(std::clamp(length, kMinLength, kMaxLength));
    // Short reviews are mostly opinion; long ones tell more of the story.
    plan.opinionShare = 0.25 + 0.30 * rng.uniform() + (plan.targetTokens < 80 ? 0.25 : 0.0);
    plan.negation = 0.12 + 0.18 * rng.uniform();
    plan.verdictFirst = rng.uniform() < kVerdictFirst;
    plan.verdictLast = rng.uniform() < kVerdictLast;
    plan.opening = rng.uniform() < kOpening;
    return plan;
}

/// Writes one review from templates.
class ReviewWriter {
public:
    ReviewWriter(const Lexicon& lexicon, Rng& rng, std::string& text)
        : m_lex(lexicon), m_rng(rng), m_text(text, rng), m_firstNames(lexicon.list("first_name")),
          m_surnames(lexicon.list("surname")), m_surnameStarts(lexicon.list("surname_start")),
          m_surnameEnds(lexicon.list("surname_end")), m_cities(lexicon.list("city")),
          m_townStarts(lexicon.list("town_start")), m_townEnds(lexicon.list("town_end")),
          m_negatorAdj(lexicon.list("negator_adj")), m_negatorPast(lexicon.list("negator_past")),
          m_negatorBase(lexicon.list("negator_base")), m_intensifiers(lexicon.list("intensifier")),
          m_negatedIntensifiers(lexicon.list("intensifier_negated")) {}

    std::size_t tokens() const { return m_text.tokens(); }

    void write(const ReviewPlan& plan) {
        m_plan = &plan;
        const std::size_t castSize = 2 + m_rng.below(3);
        for (std::size_t i = 0; i < castSize; ++i)
            m_cast.push_back(makePerson());
        m_director = makePerson();
        m_title = makeTitle();
        const auto& topics = m_lex.topics();
        m_topic = &m_lex.list(topics[m_rng.below(topics.size())]);

        if (plan.opening) sentence(pick("opening"), plan.positive);
        if (plan.verdictFirst) verdict();
        // Leave room for the closing verdict so the length law holds with it.
        const std::size_t reserve = plan.verdictLast ? 6 : 0;
        const std::size_t target = plan.targetTokens > reserve ? plan.targetTokens - reserve : 1;
        do {
            if (m_rng.uniform() < plan.opinionShare) {
                const bool agrees = m_rng.uniform() < plan.agreement;
                const bool polarity = agrees == plan.positive;
                sentence(pick(m_rng.uniform() < kContrastShare ? "contrast" : "opinion"), polarity);
            } else {
                const double u = m_rng.uniform();
                sentence(pick(u < 0.6 ? "plot" : u < 0.8 ? "cast" : "aside"), plan.positive);
            }
            if (m_rng.uniform() < kParagraphBreak && m_text.tokens() < target)
                m_text.paragraphBreak();
        } while (m_text.tokens() < target);
        if (plan.verdictLast) verdict();
    }

private:
    const SentenceTemplate& pick(std::string_view section) {
        const auto& all = m_lex.templates(section);
        return all[m_rng.below(all.size())];
    }

    /// The reviewer's verdict always has the review's polarity.
    void verdict() {
        const bool positive = m_plan->positive;
        if (m_rng.uniform() < kFixedVerdictShare)
            sentence(pick(positive ? "verdict_pos" : "verdict_neg"), positive);
        else
            sentence(pick("verdict"), positive);
    }

    Person makePerson() {
        Person p;
        const std::size_t first = m_firstNames.draw(m_rng);
        p.first = m_firstNames.entries[first][0];
        // people.txt alternates male and female first names.
        p.female = first % 2 == 1;
        std::string surname;
        if (m_rng.uniform() < 0.45)
            surname = m_surnames.drawWord(m_rng);
        else
            surname = m_surnameStarts.drawWord(m_rng) + m_surnameEnds.drawWord(m_rng);
        p.full = p.first + " " + surname;
        return p;
    }

    static std::string capitalized(std::string word) {
        bool start = true;
        for (char& c : word) {
            if (start && c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
            start = c == ' ';
        }
        return word;
    }

    std::string makeTitle() {
        const auto& nouns = m_lex.list("noun");
        const auto& adjectives = m_lex.list("adj");
        switch (m_rng.below(5)) {
        case 0:
            return "The " + capitalized(adjectives.drawWord(m_rng) + " " + nouns.drawWord(m_rng));
        case 1:
            return capitalized(nouns.drawWord(m_rng)) + " of " + town();
        case 2:
            return m_firstNames.drawWord(m_rng) + "'s " + capitalized(nouns.drawWord(m_rng));
        case 3:
            return "The " + capitalized(nouns.drawWord(m_rng));
        default:
            return capitalized(adjectives.drawWord(m_rng) + " " + nouns.drawWord(m_rng, 1));
        }
    }

    std::string town() {
        if (m_rng.uniform() < 0.5) return m_cities.drawWord(m_rng);
        return m_townStarts.drawWord(m_rng) + m_townEnds.drawWord(m_rng);
    }

    /// A character, the protagonist most often.
    std::size_t castMember() {
        std::size_t i = 0;
        while (i + 1 < m_cast.size() && m_rng.uniform() < 0.45)
            ++i;
        return i;
    }

    void name(const Person& p, bool glued) {
        m_lastFemale = p.female;
        m_text.append(m_rng.uniform() < kFullName ? p.full : p.first, glued);
    }

    void opinion(const TemplateItem& item, bool sentencePositive) {
        const bool positive = sentencePositive != item.opposite;
        const bool negate = item.negatable && m_rng.uniform() < m_plan->negation;
        // A negated slot says the opposite word: "not bad" stands for a positive adjective.
        const WordList& words = m_lex.opinionList(item.opinion, negate ? !positive : positive);
        const auto& entry = words.entries[words.draw(m_rng)];
        switch (item.opinion) {
        case OpinionKind::Adjective:
            if (negate) {
                m_text.append(m_negatorAdj.drawWord(m_rng), item.glued);
                if (m_rng.uniform() < kIntensifier)
                    m_text.append(m_negatedIntensifiers.drawWord(m_rng));
                m_text.append(entry[0]);
            } else {
                const std::string& degree = m_intensifiers.drawWord(m_rng);
                // "a so good film" is not English; "so good" after a verb is.
                const bool intensify =
                    m_rng.uniform() < kIntensifier && (item.negatable || degree != "so");
                if (intensify) m_text.append(degree, item.glued);
                m_text.append(entry[0], item.glued && !intensify);
            }
            return;
        case OpinionKind::Noun:
            if (negate) m_text.append(m_negatorAdj.drawWord(m_rng), item.glued);
            m_text.append(entry[0], item.glued && !negate);
            return;
        case OpinionKind::Verb:
            if (!negate) {
                m_text.append(entry[std::size_t(item.field)], item.glued);
            } else if (item.field == 0) {
                m_text.append(m_negatorBase.drawWord(m_rng), item.glued);
                m_text.append(entry[0]);
            } else {
                const auto& negator = m_negatorPast.entries[m_negatorPast.draw(m_rng)];
                m_text.append(negator[0], item.glued);
                m_text.append(negator[1] == "past" ? entry[1] : entry[0]);
            }
            return;
        case OpinionKind::Adverb:
        case OpinionKind::Score:
            m_text.append(entry[0], item.glued);
            return;
        }
    }

    void sentence(const SentenceTemplate& tmpl, bool positive) {
        m_text.startSentence();
        m_drawn.clear();
        std::size_t lastName = 0;
        for (const TemplateItem& item : tmpl.items) {
            switch (item.kind) {
            case SlotKind::Word:
                m_text.append(item.text, item.glued);
                break;
            case SlotKind::List: {
                const WordList& list = m_lex.list(item.list);
                const std::size_t entry = list.draw(m_rng);
                m_drawn.emplace_back(item.list, entry);
                m_text.append(list.entries[entry][std::size_t(item.field)], item.glued);
                break;
            }
            case SlotKind::LastOf: {
                const WordList& list = m_lex.list(item.list);
                std::size_t entry = list.entries.size();
                for (const auto& [index, drawn] : m_drawn)
                    if (index == item.list) entry = drawn;
                if (entry == list.entries.size()) entry = list.draw(m_rng);
                m_text.append(list.entries[entry][std::size_t(item.field)], item.glued);
                break;
            }
            case SlotKind::Name:
                lastName = castMember();
                name(m_cast[lastName], item.glued);
                break;
            case SlotKind::Name2: {
                std::size_t other = m_rng.below(m_cast.size() - 1);
                if (other >= lastName) ++other;
                lastName = other;
                name(m_cast[other], item.glued);
                break;
            }
            case SlotKind::He:
                m_text.append(m_lastFemale ? "she" : "he", item.glued);
                break;
            case SlotKind::His:
                m_text.append(m_lastFemale ? "her" : "his", item.glued);
                break;
            case SlotKind::Him:
                m_text.append(m_lastFemale ? "her" : "him", item.glued);
                break;
            case SlotKind::Actor: {
                const Person actor = makePerson();
                m_lastFemale = actor.female;
                m_text.append(actor.full, item.glued);
                break;
            }
            case SlotKind::Director:
                m_lastFemale = m_director.female;
                m_text.append(m_director.full, item.glued);
                break;
            case SlotKind::Title:
                m_text.append(m_title, item.glued);
                break;
            case SlotKind::Town:
                m_text.append(town(), item.glued);
                break;
            case SlotKind::Year:
                m_text.append(std::to_string(1930 + m_rng.below(86)), item.glued);
                break;
            case SlotKind::Thing:
                m_text.append(m_topic->drawWord(m_rng, item.field), item.glued);
                break;
            case SlotKind::Opinion:
                opinion(item, positive);
                break;
            }
        }
    }

    const Lexicon& m_lex;
    Rng& m_rng;
    TextWriter m_text;
    const WordList& m_firstNames;
    const WordList& m_surnames;
    const WordList& m_surnameStarts;
    const WordList& m_surnameEnds;
    const WordList& m_cities;
    const WordList& m_townStarts;
    const WordList& m_townEnds;
    const WordList& m_negatorAdj;
    const WordList& m_negatorPast;
    const WordList& m_negatorBase;
    const WordList& m_intensifiers;
    const WordList& m_negatedIntensifiers;
    const ReviewPlan* m_plan = nullptr;
    std::vector<Person> m_cast;
    Person m_director;
    std::string m_title;
    const WordList* m_topic = nullptr;
    bool m_lastFemale = false;
    std::vector<std::pair<int, std::size_t>> m_drawn; ///< (list, entry) drawn in this sentence
};

/// Exactly half of a split positive (the odd one out by a coin), in a seeded random order.
std::vector<char> balancedLabels(std::uint64_t seed, Split split, std::size_t count) {
    Rng rng(mix(mix(seed) ^ 0x6c6162656c73ULL ^ (std::uint64_t(split) << 56)));
    std::vector<char> labels(count, 0);
    std::size_t positives = count / 2 + (count % 2 == 1 && rng.uniform() < 0.5 ? 1 : 0);
    std::fill(labels.begin(), labels.begin() + std::ptrdiff_t(positives), 1);
    for (std::size_t i = count; i > 1; --i)
        std::swap(labels[i - 1], labels[rng.below(i)]);
    return labels;
}

} // namespace

Corpus generateDemoCorpus(const DemoCorpusSettings& settings, const ProgressFn& progress,
                          std::stop_token stop) {
    // Far beyond any use, and keeps a typo (a negative number cast to size_t) from exhausting
    // memory.
    constexpr std::size_t kMaxReviews = 10'000'000;
    if (settings.trainCount > kMaxReviews || settings.testCount > kMaxReviews)
        throw Error(ErrorCode::InvalidArgument,
                    "demo corpus: at most 10,000,000 reviews per split (asked for " +
                        std::to_string(std::max(settings.trainCount, settings.testCount)) + ")",
                    "trainCount/testCount");
    if (settings.trainCount + settings.testCount == 0)
        throw Error(ErrorCode::InvalidArgument,
                    "demo corpus: trainCount and testCount are both 0; ask for some reviews",
                    "trainCount/testCount");

    const Lexicon& lexicon = Lexicon::instance();
    const Tokenizer tokenizer(settings.tokenizer);

    Corpus corpus;
    corpus.name = "demo corpus (seed " + std::to_string(settings.seed) + ")";
    corpus.source = "demo";
    const std::size_t total = settings.trainCount + settings.testCount;
    corpus.reviews.resize(total);

    struct Part {
        Split split;
        std::size_t first; ///< index of its first review in the corpus
        std::size_t count;
        std::vector<char> labels;
    };
    const Part parts[2] = {{Split::Train, 0, settings.trainCount,
                            balancedLabels(settings.seed, Split::Train, settings.trainCount)},
                           {Split::Test, settings.trainCount, settings.testCount,
                            balancedLabels(settings.seed, Split::Test, settings.testCount)}};

    const auto makeReview = [&](std::size_t index) {
        const Part& part = index < settings.trainCount ? parts[0] : parts[1];
        const std::size_t k = index - part.first;
        Review& review = corpus.reviews[index];
        review.id = std::string("demo/") + splitName(part.split) + "/" + std::to_string(k);
        review.split = part.split;
        review.label = part.labels[k];
        review.rating = 0;
        Rng rng = reviewRng(settings.seed, part.split, k);
        const ReviewPlan plan = planReview(review.label == 1, rng);
        review.text.reserve(plan.targetTokens * 6 + 64);
        ReviewWriter writer(lexicon, rng, review.text);
        writer.write(plan);
        review.tokens = tokenizer.tokenize(review.text);
    };

    const unsigned threads = resolveThreads(settings.threads);
    for (std::size_t begin = 0; begin < total; begin += kBlock) {
        const std::size_t end = std::min(total, begin + kBlock);
        if (stop.stop_requested()) break;
        parallelFor(end - begin, threads, [&](std::size_t from, std::size_t to) {
            for (std::size_t i = from; i < to && !stop.stop_requested(); ++i)
                makeReview(begin + i);
        });
        if (stop.stop_requested()) break;
        report(progress, {"generating", end, total, "generating demo reviews"});
    }
    if (stop.stop_requested())
        throw Error(ErrorCode::Cancelled, "generating the demo corpus was cancelled",
                    "demo corpus");
    return corpus;
}

} // namespace flicker
