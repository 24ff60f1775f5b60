// The word ↔ id map of a model: <pad> = 0, <unk> = 1, then the most frequent training words
// (ties broken alphabetically, so the same corpus always gives the same ids).
#pragma once

#include "text/review.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace flicker {

/// Words a new model's vocabulary keeps, the most frequent first (besides <pad> and <unk>).
inline constexpr std::size_t kDefaultVocabularyWords = 10000;

class Vocabulary {
public:
    static constexpr std::int32_t kPad = 0;
    static constexpr std::int32_t kUnknown = 1;

    Vocabulary(); ///< just <pad> and <unk>

    /// The `maxWords` most frequent tokens of the corpus' reviews of `split` (plus <pad>, <unk>,
    /// so size() ≤ maxWords + 2); ties in frequency in byte (code point) order. 0 → all tokens.
    static Vocabulary build(const Corpus& corpus, Split split,
                            std::size_t maxWords = kDefaultVocabularyWords);
    /// From a word → id map (e.g. a PyTorch model's JSON); ids must be 0 … n−1 without gaps,
    /// with "<pad>" and "<unk>" present. Throws flicker::Error (InvalidArgument) naming the
    /// word or id. An imported map may put <pad> and <unk> at other ids than kPad/kUnknown:
    /// padId() and unknownId() say where they are, and encode() uses unknownId().
    static Vocabulary fromMap(const std::unordered_map<std::string, std::int32_t>& map);

    std::size_t size() const { return m_words.size(); }
    std::int32_t id(std::string_view word) const; ///< unknownId() when absent
    /// Throws flicker::Error (InvalidArgument) for an id outside 0 … size()−1.
    const std::string& word(std::int32_t id) const;
    std::int32_t padId() const { return m_pad; }         ///< kPad unless imported otherwise
    std::int32_t unknownId() const { return m_unknown; } ///< kUnknown unless imported otherwise
    const std::vector<std::string>& words() const { return m_words; }

    /// Ids of the first `maxLength` tokens (0 → all). Never pads.
    std::vector<std::int32_t> encode(const TokenList& tokens, std::size_t maxLength = 0) const;

    /// JSON: one flat object {"<pad>": 0, "<unk>": 1, "the": 2, …} (the import format too),
    /// written in id order, one word a line.
    std::string toJson() const;
    /// Throws flicker::Error (ParseError) naming `source` and the line, word or id at fault.
    static Vocabulary fromJson(std::string_view json, const std::string& source);

private:
    // Transparent hashing lets id() look up a string_view without building a std::string.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };

    std::vector<std::string> m_words;
    std::unordered_map<std::string, std::int32_t, Hash, std::equal_to<>> m_ids;
    std::int32_t m_pad = kPad;
    std::int32_t m_unknown = kUnknown;
};

} // namespace flicker
