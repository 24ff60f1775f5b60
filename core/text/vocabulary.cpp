#include "text/vocabulary.h"

#include "error.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace flicker {
namespace {

const std::string kPadWord = "<pad>";
const std::string kUnknownWord = "<unk>";

std::string quotedWord(std::string_view word) {
    return quoteInput(word, 80, '"');
}

void appendJsonString(std::string& out, std::string_view s) {
    out.push_back('"');
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c < 0x20) {
            static const char* hex = "0123456789abcdef";
            out.append("\\u00");
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        } else {
            out.push_back(ch); // UTF-8 passes through unescaped, as Python's ensure_ascii=False
        }
    }
    out.push_back('"');
}

// Line and column (1-based, column in bytes) of a byte offset, for parse error messages.
std::string lineAndColumn(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1, lineStart = 0;
    for (std::size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    return "line " + std::to_string(line) + ", column " + std::to_string(offset - lineStart + 1);
}

std::string describe(const QJsonValue& value) {
    if (value.isString()) return "the text " + quotedWord(value.toString().toStdString());
    if (value.isDouble()) return QByteArray::number(value.toDouble(), 'g', 17).toStdString();
    if (value.isBool()) return value.toBool() ? "true" : "false";
    if (value.isNull()) return "null";
    return value.isArray() ? "an array" : "an object";
}

} // namespace

Vocabulary::Vocabulary() {
    m_words = {kPadWord, kUnknownWord};
    m_ids = {{kPadWord, kPad}, {kUnknownWord, kUnknown}};
}

Vocabulary Vocabulary::build(const Corpus& corpus, Split split, std::size_t maxWords) {
    std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> counts;
    for (const Review& review : corpus.reviews) {
        if (review.split != split) continue;
        for (std::size_t k = 0; k < review.tokens.size(); ++k) {
            const std::string_view token = review.tokens[k];
            const auto it = counts.find(token);
            if (it != counts.end())
                ++it->second;
            else
                counts.emplace(std::string(token), 1);
        }
    }
    counts.erase(kPadWord);
    counts.erase(kUnknownWord);

    std::vector<std::pair<std::string_view, std::size_t>> ranked(counts.begin(), counts.end());
    const auto before = [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    const std::size_t keep = maxWords == 0 ? ranked.size() : std::min(maxWords, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + std::ptrdiff_t(keep), ranked.end(), before);

    Vocabulary vocabulary;
    vocabulary.m_words.reserve(keep + 2);
    vocabulary.m_ids.reserve(keep + 2);
    for (std::size_t k = 0; k < keep; ++k) {
        const auto id = std::int32_t(vocabulary.m_words.size());
        vocabulary.m_words.emplace_back(ranked[k].first);
        vocabulary.m_ids.emplace(vocabulary.m_words.back(), id);
    }
    return vocabulary;
}

Vocabulary Vocabulary::fromMap(const std::unordered_map<std::string, std::int32_t>& map) {
    // Sorted by id, then word, so that the error reported for a bad map never depends on the
    // hash order.
    std::vector<std::pair<std::int32_t, std::string_view>> byId;
    byId.reserve(map.size());
    for (const auto& [word, id] : map)
        byId.emplace_back(id, word);
    std::sort(byId.begin(), byId.end());

    const auto n = std::int64_t(map.size());
    for (const auto& [id, word] : byId)
        if (id < 0 || id >= n)
            throw Error(ErrorCode::InvalidArgument,
                        "vocabulary: word " + quotedWord(word) + " has id " + std::to_string(id) +
                            ", but the ids of " + std::to_string(n) + " words must be 0 … " +
                            std::to_string(n - 1),
                        std::string(word));
    for (std::size_t k = 1; k < byId.size(); ++k)
        if (byId[k].first == byId[k - 1].first)
            throw Error(ErrorCode::InvalidArgument,
                        "vocabulary: words " + quotedWord(byId[k - 1].second) + " and " +
                            quotedWord(byId[k].second) + " both have id " +
                            std::to_string(byId[k].first),
                        std::string(byId[k].second));
    // n ids in 0 … n−1 with no duplicate: there is no gap either.
    for (const std::string* special : {&kPadWord, &kUnknownWord})
        if (!map.contains(*special))
            throw Error(ErrorCode::InvalidArgument,
                        "vocabulary has no " + quotedWord(*special) +
                            " entry; a model's vocabulary needs both \"<pad>\" and \"<unk>\"",
                        *special);

    Vocabulary vocabulary;
    vocabulary.m_words.clear();
    vocabulary.m_ids.clear();
    vocabulary.m_words.reserve(byId.size());
    vocabulary.m_ids.reserve(byId.size());
    for (const auto& [id, word] : byId) {
        vocabulary.m_words.emplace_back(word);
        vocabulary.m_ids.emplace(std::string(word), id);
    }
    vocabulary.m_pad = map.at(kPadWord);
    vocabulary.m_unknown = map.at(kUnknownWord);
    return vocabulary;
}

std::int32_t Vocabulary::id(std::string_view word) const {
    const auto it = m_ids.find(word);
    return it == m_ids.end() ? m_unknown : it->second;
}

const std::string& Vocabulary::word(std::int32_t id) const {
    if (id < 0 || std::size_t(id) >= m_words.size())
        throw Error(ErrorCode::InvalidArgument, "word id " + std::to_string(id) +
                                                    " is outside the vocabulary (ids 0 … " +
                                                    std::to_string(m_words.size() - 1) + ")");
    return m_words[std::size_t(id)];
}

std::vector<std::int32_t> Vocabulary::encode(const TokenList& tokens, std::size_t maxLength) const {
    const std::size_t n = maxLength == 0 ? tokens.size() : std::min(maxLength, tokens.size());
    std::vector<std::int32_t> ids(n);
    for (std::size_t k = 0; k < n; ++k)
        ids[k] = id(tokens[k]);
    return ids;
}

std::string Vocabulary::toJson() const {
    std::string out = "{\n";
    for (std::size_t k = 0; k < m_words.size(); ++k) {
        out.append("  ");
        appendJsonString(out, m_words[k]);
        out.append(": ");
        out.append(std::to_string(k));
        out.append(k + 1 < m_words.size() ? ",\n" : "\n");
    }
    out.append("}\n");
    return out;
}

Vocabulary Vocabulary::fromJson(std::string_view json, const std::string& source) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArray::fromRawData(json.data(), qsizetype(json.size())), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        throw Error(ErrorCode::ParseError,
                    source + ": " + lineAndColumn(json, std::size_t(parseError.offset)) +
                        ": not valid JSON (" + parseError.errorString().toStdString() + ")",
                    source);
    if (!document.isObject())
        throw Error(ErrorCode::ParseError,
                    source + ": expected one JSON object {\"word\": id, …}, found " +
                        (document.isArray() ? "an array" : "something else"),
                    source);

    const QJsonObject object = document.object();
    std::unordered_map<std::string, std::int32_t> map;
    map.reserve(std::size_t(object.size()));
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string word = it.key().toStdString();
        const QJsonValue value = it.value();
        const double number = value.isDouble() ? value.toDouble() : std::nan("");
        if (!(number >= 0 && number <= std::numeric_limits<std::int32_t>::max() &&
              std::floor(number) == number)) {
            throw Error(ErrorCode::ParseError,
                        source + ": word " + quotedWord(word) +
                            " must have a whole-number id ≥ 0, not " + describe(value),
                        source);
        }
        map.emplace(word, std::int32_t(number));
    }
    try {
        return fromMap(map);
    } catch (const Error& e) {
        throw Error(ErrorCode::ParseError, source + ": " + e.what(), source);
    }
}

} // namespace flicker
