// Checking a downloaded IMDb archive (aclImdb_v1.tar.gz) from end to end, and unpacking an
// archive safely: into a temporary sibling folder that replaces the destination only when whole.
#pragma once

#include "task.h"

#include <cstddef>
#include <cstdint>
#include <stop_token>
#include <string>

namespace flicker {

/// Reviews in the official archive: 12,500 in each of train/pos, train/neg, test/pos, test/neg.
inline constexpr std::size_t kAclImdbReviewsPerLabelledFolder = 12500;

/// What checkAclImdbArchive found.
struct ArchiveCheck {
    std::size_t trainPos = 0;          ///< *.txt files in aclImdb/train/pos
    std::size_t trainNeg = 0;          ///< … aclImdb/train/neg
    std::size_t testPos = 0;           ///< … aclImdb/test/pos
    std::size_t testNeg = 0;           ///< … aclImdb/test/neg
    std::size_t unsup = 0;             ///< … aclImdb/train/unsup (not checked; 50,000 officially)
    std::size_t entries = 0;           ///< every entry of the archive (files and folders)
    std::uint64_t compressedBytes = 0; ///< size of the archive file, bytes
    std::uint64_t uncompressedBytes = 0; ///< size of the unpacked stream (the .tar), bytes
    bool gzipChecksumVerified = false;   ///< a gzip file whose CRC-32 and length were compared

    std::size_t labelledReviews() const { return trainPos + trainNeg + testPos + testNeg; }
};

/// Reads the whole archive at `path` (.tar.gz, also .tar, .tar.bz2, .tar.xz) with libarchive
/// and checks that
/// - it can be read to its end: not damaged, not cut short (libarchive's words are quoted);
/// - for gzip, that the CRC-32 and length in the gzip trailer match the unpacked bytes
///   (libarchive does not compare them itself; a gzip file of several members or with bytes
///   after its end fails this check — the official archive is one member);
/// - it holds the folders aclImdb/train/pos, aclImdb/train/neg, aclImdb/test/pos and
///   aclImdb/test/neg (a leading "./" is allowed) with `expectedPerLabelledFolder` *.txt files
///   each (other files, such as README or train/unsup, are allowed and not checked).
/// Progress counts compressed bytes (total = file size); `stop` is checked between entries and
/// while reading, and throws Error(Cancelled).
/// Throws Error(Io) when the file cannot be opened, Error(ParseError) naming what is wrong:
/// "cannot read the archive …: truncated gzip input", "aclImdb/test/neg is missing",
/// "aclImdb/test/neg has 12,499 reviews, expected 12,500" (every wrong folder is named).
ArchiveCheck
checkAclImdbArchive(const std::string& path,
                    std::size_t expectedPerLabelledFolder = kAclImdbReviewsPerLabelledFolder,
                    const ProgressFn& progress = {}, std::stop_token stop = {});

/// What extractArchive wrote.
/// Limits that stop an archive bomb early instead of filling the disk (IMDb's archive unpacks
/// to about 490 MB in 100,000 files, its largest file about 40 MB).
inline constexpr std::uint64_t kMaxUnpackedEntryBytes = 256ull << 20; ///< one file
inline constexpr std::uint64_t kMaxUnpackedBytes = 4ull << 30;        ///< all files

struct ExtractResult {
    std::string folder;      ///< the destination folder, now holding the archive's content
    std::size_t files = 0;   ///< regular files written
    std::size_t folders = 0; ///< folder entries of the archive
    std::size_t skipped = 0; ///< symbolic links, devices and the like, not unpacked
    std::uint64_t bytes = 0; ///< bytes written into files
};

/// Unpacks the archive at `path` so that `destinationFolder` holds its content (for
/// aclImdb_v1.tar.gz: destinationFolder/aclImdb/train/…). Everything is first unpacked into a
/// new temporary folder beside the destination (".<name>.partial-…"), checked as in
/// checkAclImdbArchive's first two points, and only then renamed into place; an existing
/// destination is replaced only at that moment. A failed or cancelled extraction removes the
/// temporary folder and leaves an existing destination as it was.
/// Regular files, folders and hard links are unpacked; symbolic links and special files are
/// skipped (counted). An entry with an absolute path or a ".." component is refused: the
/// whole extraction fails with Error(ParseError) naming the entry.
/// Progress counts compressed bytes; `stop` is checked between entries and blocks of data.
/// Throws Error(Io) (cannot create, write or rename; a full disk), Error(ParseError) (damaged
/// archive, unsafe entry), Error(Cancelled), Error(InvalidArgument) (empty destination).
ExtractResult extractArchive(const std::string& path, const std::string& destinationFolder,
                             const ProgressFn& progress = {}, std::stop_token stop = {});

/// "12,500": a count with thousands separators, as in the messages above.
std::string formatCount(std::uint64_t n);

} // namespace flicker
