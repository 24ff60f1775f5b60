// Internal to the readers: what every reader does with a review it found (UTF-8 repair, empty
// check, tokens, warnings in a deterministic order), progress pacing and cancellation.
#pragma once

#include "text/readers.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flicker::detail {

/// Collects a reader's reviews into a Corpus. One per read; not thread-safe.
class CorpusBuilder {
public:
    CorpusBuilder(std::string name, std::string source, const ReadSettings& settings,
                  const ProgressFn& progress, std::stop_token stop);

    /// Repairs, checks and tokenizes review.text, then keeps the review unless it is empty
    /// (white space only), which is counted and warned about. `where` names it for people
    /// ("train/pos/12_8.txt", "reviews.csv:17"); `order` sorts it (and its warnings) when the
    /// reader's discovery order is not the corpus order. Returns whether it was kept.
    bool add(Review review, std::string_view where, std::string order = {});
    /// A line for the report; `order` as in add().
    void warn(std::string line, std::string order = {});
    void ignore(std::size_t entries = 1) { m_corpus.report.entriesIgnored += entries; }
    void fileRead() { ++m_corpus.report.filesRead; }
    ReadReport& report() { return m_corpus.report; }

    /// Throws Error(Cancelled) once stop was requested.
    void checkCancelled() const;
    /// Reports progress for the `item`-th item (files, rows), at most every kProgressStep items.
    void progress(std::size_t item, std::size_t done, std::size_t total);
    void progressNow(std::size_t done, std::size_t total);

    std::size_t reviewCount() const { return m_corpus.reviews.size(); }
    std::vector<Review>& reviews() { return m_corpus.reviews; }
    /// Sorts reviews by their `order` keys (stable), sorts and trims the warnings.
    Corpus finish(bool sortByOrder);

    static constexpr std::size_t kProgressStep = 1000;
    static constexpr std::size_t kMaxWarnings = 20;

private:
    Corpus m_corpus;
    const ProgressFn& m_progress;
    std::stop_token m_stop;
    Tokenizer m_tokenizer;
    std::vector<std::string> m_order;                            // sort key of each review
    std::vector<std::pair<std::string, std::string>> m_warnings; // (order, line)
};

/// The whole content of a file of at most `limit` bytes (input_file.h's limits; `what` names the
/// kind); throws Error(Io) naming it.
std::string readFile(const std::filesystem::path& path, std::uint64_t limit, std::string_view what);
/// Path as UTF-8 for messages and ids.
std::string displayPath(const std::filesystem::path& path);
/// The last name of a folder's path ("aclImdb" for "data/aclImdb/"), for Corpus::name.
std::string folderName(const std::filesystem::path& folder);
/// "2.txt" before "10.txt": digit runs compare by value, the rest byte by byte.
bool naturalLess(std::string_view a, std::string_view b);
std::string asciiLower(std::string_view s);
/// Zero-padded decimal, so that numbers sort as text.
std::string sortableNumber(std::uint64_t n);

} // namespace flicker::detail
