// Movie reviews as Flicker reads them: id, split, label, rating, text and tokens, and a corpus
// that holds them with a report of what reading them met (replaced bytes, skipped files).
#pragma once

#include <optional>
#include <string_view>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flicker {

enum class Split { Train, Test, Unsup, None };
const char* splitName(Split split); ///< "train", "test", "unsup", "none"
/// The split named so by splitName; nothing for any other text.
std::optional<Split> splitFromName(std::string_view name);

/// A review's tokens stored compactly: all characters in one string, token k ends at ends[k].
class TokenList {
public:
    std::size_t size() const { return m_ends.size(); }
    bool empty() const { return m_ends.empty(); }
    std::string_view operator[](std::size_t k) const {
        const std::uint32_t begin = k == 0 ? 0 : m_ends[k - 1];
        return std::string_view(m_chars).substr(begin, m_ends[k] - begin);
    }
    void push_back(std::string_view token) {
        m_chars.append(token);
        m_ends.push_back(std::uint32_t(m_chars.size()));
    }
    void clear() {
        m_chars.clear();
        m_ends.clear();
    }
    std::vector<std::string> toStrings() const {
        std::vector<std::string> out;
        out.reserve(size());
        for (std::size_t k = 0; k < size(); ++k)
            out.emplace_back((*this)[k]);
        return out;
    }

private:
    std::string m_chars;
    std::vector<std::uint32_t> m_ends;
};

struct Review {
    std::string id; ///< unique in its corpus, e.g. "test/pos/123_9", "reviews.csv:17"
    Split split = Split::None;
    int label = -1;   ///< 1 positive, 0 negative, −1 unknown
    int rating = 0;   ///< 1 … 10 from an aclImdb file name; 0 unknown
    std::string text; ///< as read, valid UTF-8 (invalid bytes replaced by U+FFFD)
    TokenList tokens; ///< from the corpus' tokenizer settings
};

/// What reading a data set met; shown to the user and saved with results.
struct ReadReport {
    std::size_t filesRead = 0;
    std::size_t reviewsSkippedEmpty = 0; ///< reviews with no text (skipped)
    std::size_t reviewsWithBadUtf8 = 0;  ///< reviews where invalid bytes were replaced
    std::size_t bytesReplaced = 0;       ///< invalid UTF-8 bytes replaced by U+FFFD in all
    std::size_t entriesIgnored = 0;      ///< other files (README, *.feat, urls_*.txt, …)
    /// CSV records whose quoted field ran over a line break into what looks like a new row (a
    /// closing quote missing?): read as one record, counted and warned about with the line.
    std::size_t rowsWithSuspectQuotes = 0;
    std::vector<std::string> warnings; ///< one line each, for a person (at most ~20 kept)
};

struct Corpus {
    std::string name;   ///< for people: "demo corpus (seed 1)", "aclImdb_v1.tar.gz"
    std::string source; ///< "demo" or the path read
    std::vector<Review> reviews;
    ReadReport report;

    std::size_t count(Split split) const;
    /// Indices of the reviews of one split (in corpus order).
    std::vector<std::size_t> indices(Split split) const;
    /// Index of the review with this id, or −1.
    long find(std::string_view id) const;
};

} // namespace flicker
