// The demo corpus' word lists and sentence templates, parsed from the embedded text files of
// resources/demo_corpus/ (format described in templates.txt). Private to core/text.
#pragma once

#include "signal/random.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace flicker::demo {

/// One list ([section] of a file): entries with named fields, drawn by a Zipf–Mandelbrot law
/// over their order in the file, P(rank k) ∝ 1 / (k + offset)^exponent.
class WordList {
public:
    std::string name;
    std::vector<std::string> fieldNames;           ///< "name" when the file names none
    std::vector<std::vector<std::string>> entries; ///< every entry has all fields
    double exponent = 1.0;
    double offset = 1.0;

    /// Index of a field, or −1.
    int field(std::string_view fieldName) const;
    /// Rank of a random entry.
    std::size_t draw(Rng& rng) const;
    const std::string& drawWord(Rng& rng, int fieldIndex = 0) const {
        return entries[draw(rng)][std::size_t(fieldIndex)];
    }
    /// Fills the cumulative table; call once after the entries are complete.
    void finish();

private:
    std::vector<double> m_cumulative;
};

enum class SlotKind {
    Word,   ///< literal text
    List,   ///< a fresh entry of a list
    LastOf, ///< {^list:field}: a field of the entry drawn last from the list
    Name,   ///< a character of the review
    Name2,  ///< another character than the one named last
    He,
    His,
    Him,
    Actor,
    Director,
    Title,
    Town,
    Year,
    Thing,   ///< {thing}, {thing:pl}: a word of the review's topic
    Opinion, ///< {+adj}, {-verb:past!}, …
};

/// Part of speech of an opinion slot; each has a positive and a negative list.
enum class OpinionKind { Adjective, Noun, Verb, Adverb, Score };

struct TemplateItem {
    SlotKind kind = SlotKind::Word;
    std::string text;   ///< literal text (Word)
    bool glued = false; ///< no space before it ("{name}'s", "{+score}/10")
    int list = -1;      ///< List, LastOf
    int field = 0;      ///< List, LastOf, Opinion (0 base, 1 past for verbs)
    OpinionKind opinion = OpinionKind::Adjective;
    bool opposite = false;  ///< {-…}: the opposite of the sentence's polarity
    bool negatable = false; ///< {…!}
};

struct SentenceTemplate {
    std::vector<TemplateItem> items;
    std::string source; ///< the template line, for messages
};

class Lexicon {
public:
    /// Parsed once from the embedded files; throws flicker::Error (Internal) naming the file
    /// and line if they are malformed (a build that embeds broken files is a bug).
    static const Lexicon& instance();

    const WordList& list(int index) const { return m_lists[std::size_t(index)]; }
    int listIndex(std::string_view name) const; ///< −1 if absent
    const WordList& list(std::string_view name) const;
    /// Templates of one [section] of templates.txt (empty if absent).
    const std::vector<SentenceTemplate>& templates(std::string_view section) const;

    /// Lists of the topics (lists named topic_…), each with the fields name | pl.
    const std::vector<int>& topics() const { return m_topics; }

    /// Lists of an opinion kind for one polarity (true: positive).
    const WordList& opinionList(OpinionKind kind, bool positive) const {
        return m_lists[std::size_t(m_opinionLists[int(kind)][positive ? 1 : 0])];
    }

    /// Parses the given files (name, text); used by instance() and by tests.
    void parseListFile(std::string_view fileName, std::string_view text);
    void parseTemplateFile(std::string_view fileName, std::string_view text);
    /// Finds the opinion and topic lists after all files are parsed.
    void resolveLists();

private:
    std::vector<WordList> m_lists;
    std::unordered_map<std::string, int> m_listIndex;
    std::unordered_map<std::string, std::vector<SentenceTemplate>> m_templates;
    int m_opinionLists[5][2] = {};
    std::vector<int> m_topics;
};

/// Regular English inflections, applied to the last word of a phrase ("ex wife" → "ex wives").
std::string pluralOf(std::string_view phrase); ///< also the third person singular
std::string pastOf(std::string_view phrase);
std::string gerundOf(std::string_view phrase);

} // namespace flicker::demo
