// study.bin: a compact companion of study.json that opens a large study quickly. study.json
// stays the complete, readable result (and what older versions read); the companion holds the
// same study as the small JSON of everything but the reviews, the per-review rows as raw
// numbers and the summary over reviews as computed from them (so that reading needs no
// bootstrap), tied to the exact study.json text it was written with and checksummed. The
// reader uses it only when both checks pass, and otherwise reads study.json as before.
#pragma once

#include "study/study.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace flicker {

/// The companion's file name beside study.json.
inline constexpr const char* kStudyCompanionName = "study.bin";
/// Its format version (bytes 8 … 11 of the file); another version is not read.
inline constexpr std::uint32_t kStudyCompanionVersion = 1;

/// A fast 64-bit checksum of bytes (not cryptographic: it detects damage and a changed file,
/// not a forgery).
std::uint64_t contentChecksum(std::string_view bytes);

/// The companion of `json` (the study.json text): `head` (compact JSON of the study without
/// its "reviews"), the reviews' rows and `summary`, which must be summarizeStudy's of them.
std::string encodeStudyCompanion(std::string_view json, std::string_view head,
                                 const std::vector<ReviewResult>& reviews,
                                 const std::map<std::string, SummaryRow>& summary);

struct StudyCompanion {
    std::string head;                          ///< the JSON of everything but the reviews
    std::vector<ReviewResult> reviews;         ///< id, corpus index, label, probability and rows
    std::map<std::string, SummaryRow> summary; ///< every field, as summarizeStudy gave it
};

/// Whether `result.summary` is the summary of its reviews' rows (the same row keys, each with
/// as many values as the reviews have): false while reviews arrived after it was computed.
bool summaryMatchesReviews(const StudyResult& result);

/// Reads a companion back. Throws Error(ParseError) naming `name` when it is not the companion
/// of this `json` text (written with another study.json), is damaged or cut short, or is of
/// another format version.
StudyCompanion decodeStudyCompanion(std::string_view bytes, std::string_view json,
                                    const std::string& name);

} // namespace flicker
