// Reading review data sets: the official aclImdb layout (folder or .tar.gz read directly), a
// CSV with a text and a label column, a folder of plain .txt files — and the demo corpus.
#pragma once

#include "text/review.h"
#include "text/tokenizer.h"

#include <functional>
#include <stop_token>
#include <string>

namespace flicker {

/// Progress of a long read: done and total units (total 0 = unknown) and a line for people.
using ProgressCallback = std::function<void(std::size_t done, std::size_t total, const std::string& what)>;

struct ReadSettings {
    TokenizerSettings tokenizer;
    bool includeUnsup = false;      ///< aclImdb: also read train/unsup (unlabelled)
    std::string csvTextColumn;      ///< CSV: name of the text column ("" → "review" or "text")
    std::string csvLabelColumn;     ///< CSV: name of the label column ("" → "sentiment" or "label")
    double csvTestFraction = 0.5;   ///< CSV has no split: the last fraction of rows becomes test
};

/// Reads `path`: an aclImdb folder (holding train/ and test/, or the folder above aclImdb/),
/// an archive (.tar.gz, .tgz, .tar), a .csv file, or a folder of .txt files (unlabelled).
/// Throws flicker::Error (Io, ParseError, EmptyInput, Cancelled) naming the file and line.
Corpus readCorpus(const std::string& path, const ReadSettings& settings = {},
                  const ProgressCallback& progress = {}, std::stop_token stop = {});

Corpus readAclImdbFolder(const std::string& folder, const ReadSettings& settings = {},
                         const ProgressCallback& progress = {}, std::stop_token stop = {});
Corpus readAclImdbArchive(const std::string& archive, const ReadSettings& settings = {},
                          const ProgressCallback& progress = {}, std::stop_token stop = {});
Corpus readCsvCorpus(const std::string& file, const ReadSettings& settings = {},
                     const ProgressCallback& progress = {}, std::stop_token stop = {});
Corpus readTextFolder(const std::string& folder, const ReadSettings& settings = {},
                      const ProgressCallback& progress = {}, std::stop_token stop = {});

} // namespace flicker
