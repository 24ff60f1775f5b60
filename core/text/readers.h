// Reading review data sets: the official aclImdb layout (folder or .tar.gz read directly), a
// CSV with a text and a label column, a folder of plain .txt files — and the demo corpus.
#pragma once

#include "task.h"
#include "text/review.h"
#include "text/tokenizer.h"

#include <functional>
#include <stop_token>
#include <string>

namespace flicker {

struct ReadSettings {
    TokenizerSettings tokenizer;
    bool includeUnsup = false;    ///< aclImdb: also read train/unsup (unlabelled)
    std::string csvTextColumn;    ///< CSV: name of the text column ("" → "review" or "text")
    std::string csvLabelColumn;   ///< CSV: name of the label column ("" → "sentiment" or "label")
    double csvTestFraction = 0.5; ///< CSV has no split: the last fraction of rows becomes test
};

// What every reader does with a review it finds: invalid UTF-8 bytes become U+FFFD (counted
// in Corpus::report, with a warning naming the file or line), a leading byte-order mark is
// dropped, an empty (white-space-only) review is skipped (counted, warned), and the text is
// tokenized with settings.tokenizer. Progress is reported at the start, about every 1000
// files or rows, and at the end; `stop` is checked between files and rows, and a stop throws
// Error(Cancelled). A source with no review left throws Error(EmptyInput) saying what was
// expected.

/// Reads `path`: an aclImdb folder (holding train/ and test/, or the folder above aclImdb/),
/// an archive (.tar.gz, .tgz, .tar), a .csv file, or a folder of .txt files (unlabelled).
/// Throws flicker::Error (Io, ParseError, EmptyInput, Cancelled) naming the file and line.
Corpus readCorpus(const std::string& path, const ReadSettings& settings = {},
                  const ProgressFn& progress = {}, std::stop_token stop = {});

/// aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt, given the aclImdb folder itself or the
/// folder holding aclImdb/. Ids "test/pos/123_9"; label from the folder; rating from the name
/// (0 when the name is not <id>_<rating>). train/unsup/ only with settings.includeUnsup (split
/// Unsup, label −1). Other files (README, imdb.vocab, urls_*.txt, *.feat) count as ignored.
/// Order: train before test, neg before pos before unsup, then numeric id. Progress counts files.
Corpus readAclImdbFolder(const std::string& folder, const ReadSettings& settings = {},
                         const ProgressFn& progress = {}, std::stop_token stop = {});
/// The same layout inside an archive (.tar.gz, .tgz, .tar; also .tar.bz2, .tar.xz, .zip),
/// streamed with libarchive without unpacking; only the last three parts of each path count.
/// Same ids and order as the folder, whatever the archive's order. Progress counts compressed
/// bytes (total = archive size). A damaged, cut-short or foreign file throws Error(ParseError)
/// with the archive's name, the entry reached and libarchive's words; a missing one Error(Io).
Corpus readAclImdbArchive(const std::string& archive, const ReadSettings& settings = {},
                          const ProgressFn& progress = {}, std::stop_token stop = {});
/// A CSV file (RFC 4180: comma-separated, fields in double quotes may hold commas, doubled
/// quotes and line breaks; CRLF or LF) whose header names a text and a label column
/// (case-insensitive). Labels: positive/negative, pos/neg or 1/0 (any case). Blank lines are
/// skipped. Ids "<file name>:<line where the row starts>"; rating 0.
/// No split in such a file: the last round(csvTestFraction × n) kept rows become Split::Test,
/// the others Split::Train, in file order (so a file ordered train-then-test splits as it was
/// made). Errors (ParseError, naming file and line): a missing column (the message lists the
/// columns found), an unterminated quoted field (the line where it starts), a row with too
/// few fields, an unknown label. csvTestFraction outside 0 … 1: InvalidArgument.
Corpus readCsvCorpus(const std::string& file, const ReadSettings& settings = {},
                     const ProgressFn& progress = {}, std::stop_token stop = {});
/// Every *.txt file directly in `folder`, one unlabelled review each (split None, label −1),
/// id = file name, in natural order ("2.txt" before "10.txt"); other files count as ignored.
Corpus readTextFolder(const std::string& folder, const ReadSettings& settings = {},
                      const ProgressFn& progress = {}, std::stop_token stop = {});

} // namespace flicker
