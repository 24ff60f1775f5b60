// Reading one input whole, with a bound for its kind: a device (/dev/zero), a link to one, a pipe,
// or a file far larger than any real input of that kind stops at once with a message naming the
// file and the limit, instead of reading until memory runs out.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

namespace flicker {

/// Upper bounds per input kind, far above any real input (IMDb's longest review is 14 kB, its
/// CSV 130 MB, a 10,000-word vocabulary 200 kB, the largest swept checkpoint 30 MB).
inline constexpr std::uint64_t kMaxReviewFileBytes = 64ull << 20;  ///< one review's text
inline constexpr std::uint64_t kMaxReviewTableBytes = 4ull << 30;  ///< a CSV/TSV/JSONL of reviews
inline constexpr std::uint64_t kMaxSeriesFileBytes = 1ull << 30;   ///< a numeric series table
inline constexpr std::uint64_t kMaxVocabularyBytes = 256ull << 20; ///< a vocabulary JSON
inline constexpr std::uint64_t kMaxModelFileBytes = 2ull << 30;    ///< checkpoint or TorchScript

/// Throws Error(Io) unless `path` names a regular file (links followed) of at most `limit`
/// bytes; `what` names the kind in the message ("series file", "vocabulary").
void checkInputFile(const std::string& path, std::uint64_t limit, std::string_view what);

/// The whole file after checkInputFile; a file that grows past `limit` while it is read is
/// refused too. Throws Error(Io) naming the file.
std::string readInputFile(const std::string& path, std::uint64_t limit, std::string_view what);

/// A stream (standard input) whole, at most `limit` bytes; `name` stands for it in messages.
std::string readInputStream(std::istream& in, std::uint64_t limit, std::string_view what,
                            const std::string& name);

/// When `text` is plainly not UTF-8 text — a UTF-16 or UTF-32 byte-order mark, or NUL bytes in
/// its first 4 kB (UTF-16 without a mark, or a binary file) — what it looks like, for a message
/// ("UTF-16 text (little-endian)", "binary data (NUL bytes)"); empty otherwise.
std::string encodingProblem(std::string_view text);

/// "64 MB", "1 GB": a limit for a message.
std::string byteSizeText(std::uint64_t bytes);

} // namespace flicker
