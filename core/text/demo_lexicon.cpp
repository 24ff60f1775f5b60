#include "text/demo_lexicon.h"

#include "error.h"
#include "text/demo_data.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace flicker::demo {
namespace {

std::string_view trim(std::string_view s) {
    const auto notSpace = [](char c) { return c != ' ' && c != '\t' && c != '\r'; };
    while (!s.empty() && !notSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && !notSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string> splitFields(std::string_view line) {
    std::vector<std::string> fields;
    for (;;) {
        const auto bar = line.find('|');
        fields.emplace_back(trim(line.substr(0, bar)));
        if (bar == std::string_view::npos) break;
        line.remove_prefix(bar + 1);
    }
    return fields;
}

/// Calls f(lineNumber, trimmed line) for every line that is neither blank nor a comment.
template <class F> void forEachLine(std::string_view text, F&& f) {
    int number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = trim(text.substr(0, end));
        ++number;
        if (!line.empty() && line.front() != '#') f(number, line);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
}

[[noreturn]] void fail(std::string_view file, int line, const std::string& what) {
    throw Error(ErrorCode::Internal,
                "demo corpus file " + std::string(file) + ", line " + std::to_string(line) + ": " +
                    what,
                std::string(file));
}

bool isVowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/// Applies `rule` to the last word of a phrase.
template <class Rule> std::string inflectLastWord(std::string_view phrase, Rule&& rule) {
    const auto space = phrase.rfind(' ');
    const std::size_t start = space == std::string_view::npos ? 0 : space + 1;
    return std::string(phrase.substr(0, start)) + rule(std::string(phrase.substr(start)));
}

bool endsWith(const std::string& w, std::string_view tail) {
    return w.size() >= tail.size() && w.compare(w.size() - tail.size(), tail.size(), tail) == 0;
}

bool endsInConsonantY(const std::string& w) {
    return w.size() >= 2 && w.back() == 'y' && !isVowel(w[w.size() - 2]);
}

} // namespace

int WordList::field(std::string_view fieldName) const {
    for (std::size_t i = 0; i < fieldNames.size(); ++i)
        if (fieldNames[i] == fieldName) return int(i);
    return -1;
}

void WordList::finish() {
    m_cumulative.resize(entries.size());
    double sum = 0;
    for (std::size_t k = 0; k < entries.size(); ++k) {
        sum += 1.0 / std::pow(double(k) + offset, exponent);
        m_cumulative[k] = sum;
    }
}

std::size_t WordList::draw(Rng& rng) const {
    const double u = rng.uniform() * m_cumulative.back();
    const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), u);
    return std::min(std::size_t(it - m_cumulative.begin()), entries.size() - 1);
}

std::string pluralOf(std::string_view phrase) {
    return inflectLastWord(phrase, [](std::string w) {
        if (endsWith(w, "fe")) return w.substr(0, w.size() - 2) + "ves"; // wife, knife, life
        if (endsWith(w, "s") || endsWith(w, "x") || endsWith(w, "z") || endsWith(w, "ch") ||
            endsWith(w, "sh"))
            return w + "es";
        if (endsInConsonantY(w)) return w.substr(0, w.size() - 1) + "ies";
        return w + "s";
    });
}

std::string pastOf(std::string_view phrase) {
    return inflectLastWord(phrase, [](std::string w) {
        if (endsWith(w, "e")) return w + "d";
        if (endsInConsonantY(w)) return w.substr(0, w.size() - 1) + "ied";
        return w + "ed";
    });
}

std::string gerundOf(std::string_view phrase) {
    return inflectLastWord(phrase, [](std::string w) {
        if (endsWith(w, "ie")) return w.substr(0, w.size() - 2) + "ying";
        if (w.size() > 2 && endsWith(w, "e") && !endsWith(w, "ee") && !endsWith(w, "ye") &&
            !endsWith(w, "oe"))
            return w.substr(0, w.size() - 1) + "ing";
        return w + "ing";
    });
}

void Lexicon::parseListFile(std::string_view fileName, std::string_view text) {
    WordList* current = nullptr;
    std::unordered_set<std::string> seen; // first fields of the current list
    forEachLine(text, [&](int number, std::string_view line) {
        if (line.front() == '[') {
            if (line.back() != ']') fail(fileName, number, "a section line must end with ']'");
            WordList list;
            list.name = std::string(line.substr(1, line.size() - 2));
            list.fieldNames = {"name"};
            if (m_listIndex.count(list.name))
                fail(fileName, number, "list [" + list.name + "] is defined twice");
            m_listIndex[list.name] = int(m_lists.size());
            m_lists.push_back(std::move(list));
            current = &m_lists.back();
            seen.clear();
            return;
        }
        if (!current) fail(fileName, number, "an entry before the first [section]");
        if (line.starts_with("@fields")) {
            current->fieldNames = splitFields(line.substr(7));
            return;
        }
        if (line.starts_with("@zipf")) {
            const std::string numbers(line.substr(5));
            char* end = nullptr;
            current->exponent = std::strtod(numbers.c_str(), &end);
            current->offset = std::strtod(end, nullptr);
            if (!(current->exponent >= 0) || !(current->offset > 0))
                fail(fileName, number, "@zipf needs an exponent ≥ 0 and an offset > 0");
            return;
        }
        auto fields = splitFields(line);
        if (fields.size() > current->fieldNames.size())
            fail(fileName, number, "more fields than @fields names");
        if (fields[0].empty()) fail(fileName, number, "an entry needs its first field");
        // Repeats in a hand-written list would only double a word's weight by accident.
        if (!seen.insert(fields[0]).second) return;
        fields.resize(current->fieldNames.size());
        for (std::size_t i = 1; i < fields.size(); ++i) {
            if (!fields[i].empty()) continue;
            const std::string& name = current->fieldNames[i];
            if (name == "pl" || name == "s")
                fields[i] = pluralOf(fields[0]);
            else if (name == "past")
                fields[i] = pastOf(fields[0]);
            else if (name == "ing")
                fields[i] = gerundOf(fields[0]);
            else
                fail(fileName, number, "field '" + name + "' is missing and has no rule");
        }
        current->entries.push_back(std::move(fields));
    });
    for (auto& list : m_lists)
        if (list.entries.empty()) fail(fileName, 0, "list [" + list.name + "] has no entries");
}

namespace {

/// {+adj}, {-verb:past!}: the polarity, the part of speech and whether it may be negated.
void parseOpinionSlot(std::string_view fileName, int number, std::string_view slot,
                      TemplateItem& item) {
    struct Opinion {
        std::string_view name;
        OpinionKind kind;
        int field; // 1: a verb's past
    };
    static constexpr Opinion kOpinions[] = {
        {"adj", OpinionKind::Adjective, 0}, {"noun", OpinionKind::Noun, 0},
        {"verb", OpinionKind::Verb, 0},     {"verb:past", OpinionKind::Verb, 1},
        {"adv", OpinionKind::Adverb, 0},    {"score", OpinionKind::Score, 0}};
    item.kind = SlotKind::Opinion;
    item.opposite = slot.front() == '-';
    slot.remove_prefix(1);
    if (slot.ends_with('!')) {
        item.negatable = true;
        slot.remove_suffix(1);
    }
    const auto opinion = std::find_if(std::begin(kOpinions), std::end(kOpinions),
                                      [&](const Opinion& o) { return o.name == slot; });
    if (opinion == std::end(kOpinions))
        fail(fileName, number, "unknown opinion slot {" + std::string(slot) + "}");
    item.opinion = opinion->kind;
    item.field = opinion->field;
    if (item.negatable &&
        (item.opinion == OpinionKind::Adverb || item.opinion == OpinionKind::Score))
        fail(fileName, number, "adverbs and scores cannot be negated");
}

/// {list}, {list:field}: a fresh entry of a word list; {^list:field}: the entry drawn last.
void parseListSlot(const Lexicon& lexicon, std::string_view fileName, int number,
                   std::string_view slot, TemplateItem& item) {
    item.kind = SlotKind::List;
    if (slot.starts_with('^')) {
        item.kind = SlotKind::LastOf;
        slot.remove_prefix(1);
    }
    const auto colon = slot.find(':');
    const std::string listName(slot.substr(0, colon));
    item.list = lexicon.listIndex(listName);
    if (item.list < 0) fail(fileName, number, "unknown list {" + listName + "}");
    if (colon != std::string_view::npos) {
        const auto fieldName = slot.substr(colon + 1);
        item.field = lexicon.list(item.list).field(fieldName);
        if (item.field < 0)
            fail(fileName, number,
                 "list [" + listName + "] has no field '" + std::string(fieldName) + "'");
    }
}

/// Fills `item` from the text between '{' and '}': an opinion, a person, place or thing of the
/// review, or a word list's entry.
void parseSlot(const Lexicon& lexicon, std::string_view fileName, int number, std::string_view slot,
               TemplateItem& item) {
    if (slot.starts_with('+') || slot.starts_with('-')) {
        parseOpinionSlot(fileName, number, slot, item);
        return;
    }
    static const std::pair<std::string_view, SlotKind> kSpecial[] = {
        {"name", SlotKind::Name},         {"name2", SlotKind::Name2}, {"he", SlotKind::He},
        {"his", SlotKind::His},           {"him", SlotKind::Him},     {"actor", SlotKind::Actor},
        {"director", SlotKind::Director}, {"title", SlotKind::Title}, {"town", SlotKind::Town},
        {"year", SlotKind::Year}};
    const auto special = std::find_if(std::begin(kSpecial), std::end(kSpecial),
                                      [&](const auto& p) { return p.first == slot; });
    if (special != std::end(kSpecial)) {
        item.kind = special->second;
        return;
    }
    if (slot == "thing" || slot == "thing:pl") {
        item.kind = SlotKind::Thing;
        item.field = slot == "thing" ? 0 : 1;
        return;
    }
    parseListSlot(lexicon, fileName, number, slot, item);
}

/// One template line: words and {slots}; an item that no white space precedes is glued to the
/// one before ("{name}'s").
SentenceTemplate parseTemplate(const Lexicon& lexicon, std::string_view fileName, int number,
                               std::string_view line) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
    SentenceTemplate sentence;
    sentence.source = std::string(line);
    bool space = true; // whether whitespace came before the next item
    std::size_t i = 0;
    while (i < line.size()) {
        if (isSpace(line[i])) {
            space = true;
            ++i;
            continue;
        }
        TemplateItem item;
        item.glued = !space && !sentence.items.empty();
        space = false;
        if (line[i] == '{') {
            const auto close = line.find('}', i);
            if (close == std::string_view::npos) fail(fileName, number, "'{' without '}'");
            parseSlot(lexicon, fileName, number, line.substr(i + 1, close - i - 1), item);
            i = close + 1;
        } else {
            std::size_t end = i;
            while (end < line.size() && !isSpace(line[end]) && line[end] != '{')
                ++end;
            item.text = std::string(line.substr(i, end - i));
            i = end;
        }
        sentence.items.push_back(std::move(item));
    }
    return sentence;
}

} // namespace

void Lexicon::parseTemplateFile(std::string_view fileName, std::string_view text) {
    std::vector<SentenceTemplate>* current = nullptr;
    forEachLine(text, [&](int number, std::string_view line) {
        if (line.front() == '[' && line.back() == ']') {
            current = &m_templates[std::string(line.substr(1, line.size() - 2))];
            return;
        }
        if (!current) fail(fileName, number, "a template before the first [section]");
        current->push_back(parseTemplate(*this, fileName, number, line));
    });
}

void Lexicon::resolveLists() {
    static const char* const kNames[5] = {"adj", "noun", "verb", "adv", "score"};
    for (int kind = 0; kind < 5; ++kind) {
        for (int positive = 0; positive < 2; ++positive) {
            const std::string name = std::string(positive ? "pos_" : "neg_") + kNames[kind];
            const int index = listIndex(name);
            if (index < 0) fail("sentiment.txt", 0, "list [" + name + "] is missing");
            m_opinionLists[kind][positive] = index;
        }
    }
    if (list(m_opinionLists[int(OpinionKind::Verb)][1]).fieldNames.size() < 2 ||
        list(m_opinionLists[int(OpinionKind::Verb)][0]).fieldNames.size() < 2)
        fail("sentiment.txt", 0, "verb lists need the fields base | past");
    for (std::size_t i = 0; i < m_lists.size(); ++i) {
        if (!m_lists[i].name.starts_with("topic_")) continue;
        if (m_lists[i].field("pl") != 1)
            fail("topics.txt", 0, "list [" + m_lists[i].name + "] needs the fields name | pl");
        m_topics.push_back(int(i));
    }
    if (m_topics.empty()) fail("topics.txt", 0, "no [topic_…] lists");
}

int Lexicon::listIndex(std::string_view name) const {
    const auto it = m_listIndex.find(std::string(name));
    return it == m_listIndex.end() ? -1 : it->second;
}

const WordList& Lexicon::list(std::string_view name) const {
    const int index = listIndex(name);
    if (index < 0)
        throw Error(ErrorCode::Internal, "demo corpus: no word list [" + std::string(name) + "]");
    return m_lists[std::size_t(index)];
}

const std::vector<SentenceTemplate>& Lexicon::templates(std::string_view section) const {
    static const std::vector<SentenceTemplate> kNone;
    const auto it = m_templates.find(std::string(section));
    return it == m_templates.end() ? kNone : it->second;
}

const Lexicon& Lexicon::instance() {
    // Parsed on first use, thread-safely (magic static); a few milliseconds.
    static const Lexicon lexicon = [] {
        Lexicon lex;
        const demo::EmbeddedFile* templateFile = nullptr;
        for (const auto& file : embeddedFiles()) {
            if (file.name == "templates.txt")
                templateFile = &file;
            else
                lex.parseListFile(file.name, file.text);
        }
        if (!templateFile) fail("templates.txt", 0, "not embedded");
        for (auto& list : lex.m_lists)
            list.finish();
        // Templates refer to lists, so they are parsed after all lists exist.
        lex.parseTemplateFile(templateFile->name, templateFile->text);
        lex.resolveLists();
        return lex;
    }();
    return lexicon;
}

} // namespace flicker::demo
