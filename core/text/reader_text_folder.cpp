// A folder of plain .txt files, one unlabelled review each (split None, id = the file name):
// for analysing one's own texts with a trained model.
#include "input_file.h"
#include "text/reader_common.h"

#include "error.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace flicker {

Corpus readTextFolder(const std::string& folder, const ReadSettings& settings,
                      const ProgressFn& progress, std::stop_token stop) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error(ErrorCode::Io, folder + ": no such folder", folder);
    detail::CorpusBuilder builder(detail::folderName(folder), folder, settings, progress, stop);

    std::vector<std::pair<std::string, fs::path>> files; // (file name, path)
    fs::directory_iterator it(folder, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string fileName = detail::displayPath(it->path().filename());
        std::error_code fileError; // an unreadable entry is ignored, not a failed listing
        if (it->is_regular_file(fileError) && detail::asciiLower(fileName).ends_with(".txt") &&
            !fileName.starts_with("."))
            files.emplace_back(fileName, it->path());
        else
            builder.ignore();
    }
    if (ec)
        throw Error(ErrorCode::Io, "cannot list the folder " + folder + ": " + ec.message(),
                    folder);
    if (files.empty())
        throw Error(ErrorCode::EmptyInput,
                    folder + ": no .txt files here; expected a folder of plain-text reviews, "
                             "one per .txt file (or an aclImdb folder)",
                    folder);
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return detail::naturalLess(a.first, b.first); });

    builder.progressNow(0, files.size());
    for (std::size_t k = 0; k < files.size(); ++k) {
        builder.checkCancelled();
        Review review;
        review.text = detail::readFile(files[k].second, kMaxReviewFileBytes, "review file");
        builder.fileRead();
        review.id = files[k].first;
        builder.add(std::move(review), files[k].first);
        builder.progress(k + 1, k + 1, files.size());
    }
    if (builder.reviewCount() == 0)
        throw Error(ErrorCode::EmptyInput,
                    folder + ": all " + std::to_string(files.size()) + " .txt files are empty",
                    folder);
    builder.progressNow(files.size(), files.size());
    return builder.finish(false);
}

} // namespace flicker
