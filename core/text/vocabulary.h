// The word ↔ id map of a model: <pad> = 0, <unk> = 1, then the most frequent training words
// (ties broken alphabetically, so the same corpus always gives the same ids).
#pragma once

#include "text/review.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace flicker {

class Vocabulary {
public:
    static constexpr std::int32_t kPad = 0;
    static constexpr std::int32_t kUnknown = 1;

    Vocabulary(); ///< just <pad> and <unk>

    /// The `maxWords` most frequent tokens of the corpus' reviews of `split` (plus <pad>, <unk>).
    static Vocabulary build(const Corpus& corpus, Split split, std::size_t maxWords = 10000);
    /// From a word → id map (e.g. a PyTorch model's JSON); ids must be 0 … n−1 without gaps,
    /// with "<pad>" and "<unk>" present. Throws flicker::Error naming the problem.
    static Vocabulary fromMap(const std::unordered_map<std::string, std::int32_t>& map);

    std::size_t size() const { return m_words.size(); }
    std::int32_t id(std::string_view word) const; ///< kUnknown when absent
    const std::string& word(std::int32_t id) const;
    const std::vector<std::string>& words() const { return m_words; }

    /// Ids of the first `maxLength` tokens (0 → all). Never pads.
    std::vector<std::int32_t> encode(const TokenList& tokens, std::size_t maxLength = 0) const;

    /// JSON: one flat object {"<pad>": 0, "<unk>": 1, "the": 2, …} (the import format too).
    std::string toJson() const;
    static Vocabulary fromJson(std::string_view json, const std::string& source);

private:
    std::vector<std::string> m_words;
    std::unordered_map<std::string, std::int32_t> m_ids;
};

} // namespace flicker
