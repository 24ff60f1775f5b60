// The aclImdb layout, as a folder or streamed from an archive without unpacking it:
// {train,test}/{pos,neg}/<id>_<rating>.txt, plus train/unsup/ in the official archive.
// Everything else in it (README, urls_*.txt, *.feat) is counted as ignored.
#include "input_file.h"
#include "text/reader_common.h"

#include "error.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <memory>
#include <optional>
#include <system_error>

namespace fs = std::filesystem;

namespace flicker {
namespace {

const char* const kExpectedLayout =
    "expected aclImdb's layout: train/ and test/ folders holding pos/ and neg/ folders of "
    "<id>_<rating>.txt reviews";

/// Where one file sits in the aclImdb layout.
struct AclFile {
    Split split = Split::None;
    int label = -1;
    int rating = 0;
    std::string id;    // "test/pos/123_9"
    std::string order; // sorts train before test, neg before pos before unsup, then by number
};

/// Classifies a file by its last three path components ("train", "pos", "12_8.txt"); nullopt
/// for files that are not reviews (README, urls_pos.txt, labeledBow.feat, …) and, unless
/// `includeUnsup`, for unlabelled ones.
std::optional<AclFile> classify(std::string_view splitDir, std::string_view labelDir,
                                std::string_view fileName, bool includeUnsup) {
    AclFile file;
    std::string order;
    if (splitDir == "train")
        order = "0";
    else if (splitDir == "test")
        order = "1";
    else
        return std::nullopt;
    if (labelDir == "neg")
        file.label = 0;
    else if (labelDir == "pos")
        file.label = 1;
    else if (labelDir != "unsup" || !includeUnsup)
        return std::nullopt;
    order += labelDir == "neg" ? "0" : labelDir == "pos" ? "1" : "2";
    file.split = labelDir == "unsup"   ? Split::Unsup
                 : splitDir == "train" ? Split::Train
                                       : Split::Test;
    if (!fileName.ends_with(".txt") || fileName.size() <= 4) return std::nullopt;
    const std::string_view stem = fileName.substr(0, fileName.size() - 4);

    // "<id>_<rating>": both numbers; other .txt names are read too, sorted after the numbered.
    std::uint64_t number = 0;
    int rating = 0;
    const auto underscore = stem.find('_');
    bool numbered = false;
    if (underscore != std::string_view::npos) {
        const char* end = stem.data() + stem.size();
        const auto a = std::from_chars(stem.data(), stem.data() + underscore, number);
        const auto b = std::from_chars(stem.data() + underscore + 1, end, rating);
        numbered = a.ec == std::errc() && a.ptr == stem.data() + underscore &&
                   b.ec == std::errc() && b.ptr == end && rating >= 0 && rating <= 10;
    }
    file.rating = numbered ? rating : 0;
    order.push_back(numbered ? '0' : '1');
    order += numbered ? detail::sortableNumber(number) : std::string(stem);
    file.order = std::move(order);
    file.id = std::string(splitDir) + "/" + std::string(labelDir) + "/" + std::string(stem);
    return file;
}

bool isAclRoot(const fs::path& folder) {
    std::error_code ec;
    for (const char* split : {"train", "test"})
        for (const char* label : {"pos", "neg", "unsup"})
            if (fs::is_directory(folder / split / label, ec)) return true;
    return false;
}

std::string fileNameOf(const std::string& path) {
    const std::string name = detail::displayPath(fs::path(path).filename());
    return name.empty() ? path : name;
}

// Throws Io when the folder cannot be listed, naming it.
[[noreturn]] void listingFailed(const fs::path& folder, const std::error_code& ec) {
    throw Error(ErrorCode::Io,
                "cannot list the folder " + detail::displayPath(folder) + ": " + ec.message(),
                detail::displayPath(folder));
}

std::vector<fs::directory_entry> entriesOf(const fs::path& folder) {
    std::vector<fs::directory_entry> entries;
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) listingFailed(folder, ec);
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) listingFailed(folder, ec);
        entries.push_back(*it);
    }
    if (ec) listingFailed(folder, ec);
    return entries;
}

void requireReviews(const detail::CorpusBuilder& builder, const std::string& where,
                    std::size_t skippedEmpty) {
    if (builder.reviewCount() > 0) return;
    if (skippedEmpty > 0)
        throw Error(ErrorCode::EmptyInput,
                    where + ": all " + std::to_string(skippedEmpty) + " reviews are empty", where);
    throw Error(ErrorCode::EmptyInput, where + ": no reviews found; " + kExpectedLayout, where);
}

struct ArchiveDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};

} // namespace

Corpus readAclImdbFolder(const std::string& folder, const ReadSettings& settings,
                         const ProgressFn& progress, std::stop_token stop) {
    const fs::path given(folder);
    std::error_code ec;
    if (!fs::is_directory(given, ec))
        throw Error(ErrorCode::Io, folder + ": no such folder", folder);
    fs::path root = given;
    if (!isAclRoot(root)) {
        if (!isAclRoot(given / "aclImdb"))
            throw Error(ErrorCode::EmptyInput,
                        folder + ": no aclImdb data here; " + kExpectedLayout +
                            " (or a folder aclImdb/ holding them)",
                        folder);
        root = given / "aclImdb";
    }

    detail::CorpusBuilder builder(detail::folderName(root), folder, settings, progress, stop);

    // List first, so that progress knows the total.
    struct Candidate {
        fs::path path;
        AclFile file;
    };
    std::vector<Candidate> candidates;
    for (const auto& top : entriesOf(root)) {
        const std::string splitDir = detail::displayPath(top.path().filename());
        if (!top.is_directory(ec) || (splitDir != "train" && splitDir != "test")) {
            builder.ignore(); // README, imdb.vocab, imdbEr.txt, …
            continue;
        }
        for (const auto& sub : entriesOf(top.path())) {
            const std::string labelDir = detail::displayPath(sub.path().filename());
            if (!sub.is_directory(ec)) {
                builder.ignore(); // urls_pos.txt, labeledBow.feat, …
                continue;
            }
            for (const auto& entry : entriesOf(sub.path())) {
                builder.checkCancelled();
                const std::string fileName = detail::displayPath(entry.path().filename());
                auto file = entry.is_regular_file(ec)
                                ? classify(splitDir, labelDir, fileName, settings.includeUnsup)
                                : std::nullopt;
                if (file)
                    candidates.push_back({entry.path(), std::move(*file)});
                else
                    builder.ignore();
            }
        }
    }
    // Read in corpus order, so that the reviews need no sorting afterwards.
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& a, const Candidate& b) { return a.file.order < b.file.order; });

    builder.progressNow(0, candidates.size());
    std::size_t skippedEmpty = 0;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        builder.checkCancelled();
        Candidate& c = candidates[k];
        Review review;
        review.text = detail::readFile(c.path, kMaxReviewFileBytes, "review file");
        builder.fileRead();
        review.id = std::move(c.file.id);
        review.split = c.file.split;
        review.label = c.file.label;
        review.rating = c.file.rating;
        const std::string where = review.id + ".txt";
        if (!builder.add(std::move(review), where)) ++skippedEmpty;
        builder.progress(k + 1, k + 1, candidates.size());
    }
    requireReviews(builder, folder, skippedEmpty);
    builder.progressNow(candidates.size(), candidates.size());
    return builder.finish(false);
}

Corpus readAclImdbArchive(const std::string& archivePath, const ReadSettings& settings,
                          const ProgressFn& progress, std::stop_token stop) {
    detail::CorpusBuilder builder(fileNameOf(archivePath), archivePath, settings, progress, stop);
    std::error_code ec;
    const auto archiveSize = fs::file_size(archivePath, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot open the archive " + archivePath + ": " + ec.message(),
                    archivePath);

    std::unique_ptr<archive, ArchiveDeleter> reader(archive_read_new());
    if (!reader) throw Error(ErrorCode::Internal, "libarchive could not start a reader");
    archive* a = reader.get();
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);

    std::string current; // the entry being read, for messages
    const auto fail = [&](const std::string& what) -> Error {
        const char* said = archive_error_string(a);
        const int error = archive_errno(a);
        std::string message = "cannot read the archive " + archivePath;
        if (!what.empty()) message += " " + what;
        if (!current.empty()) message += " (at " + current + ")";
        message += ": " + std::string(said ? said : "unknown libarchive error");
        message += "; it may be damaged, cut short, or not a .tar/.tar.gz archive";
        // A file system refusal is an I/O error; anything libarchive could not make sense of is
        // a parse error.
        const bool io = error == ENOENT || error == EACCES || error == EIO || error == EISDIR;
        return Error(io ? ErrorCode::Io : ErrorCode::ParseError, message, archivePath);
    };

    if (archive_read_open_filename(a, archivePath.c_str(), std::size_t(1) << 20) != ARCHIVE_OK)
        throw fail("");

    builder.progressNow(0, archiveSize);
    std::size_t entries = 0, skippedEmpty = 0;
    std::uint64_t textBytes = 0; // of all reviews read so far
    archive_entry* entry = nullptr;
    while (true) {
        builder.checkCancelled();
        const int status = archive_read_next_header(a, &entry);
        if (status == ARCHIVE_EOF) break;
        if (status < ARCHIVE_WARN) throw fail("after " + std::to_string(entries) + " entries");
        if (status == ARCHIVE_WARN) {
            const char* said = archive_error_string(a);
            builder.warn(fileNameOf(archivePath) + ": " + (said ? said : "libarchive warning"));
        }
        ++entries;
        if (entries % detail::CorpusBuilder::kProgressStep == 0) {
            const auto done = std::size_t(archive_filter_bytes(a, -1));
            builder.progressNow(std::min(done, archiveSize), archiveSize);
        }
        const char* pathname = archive_entry_pathname(entry);
        current = pathname ? pathname : "";
        if (archive_entry_filetype(entry) != AE_IFREG) {
            current.clear();
            continue; // folders
        }

        // The last three components decide; whatever is above them ("aclImdb/", "./") is not.
        std::string_view path = current;
        std::string_view parts[3];
        for (int k = 2; k >= 0; --k) {
            const auto slash = path.rfind('/');
            parts[k] = slash == std::string_view::npos ? path : path.substr(slash + 1);
            path = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
        }
        auto file = classify(parts[0], parts[1], parts[2], settings.includeUnsup);
        if (!file) {
            builder.ignore();
            if (archive_read_data_skip(a) < ARCHIVE_WARN) throw fail("");
            current.clear();
            continue;
        }

        Review review;
        if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > 0)
            // The size comes from the archive's header: reserve at most 16 MiB on its word,
            // the text grows as the data really arrives.
            review.text.reserve(
                std::size_t(std::min<la_int64_t>(archive_entry_size(entry), 1 << 24)));
        char buffer[1 << 16];
        while (true) {
            const la_ssize_t n = archive_read_data(a, buffer, sizeof buffer);
            if (n < 0) throw fail("");
            if (n == 0) break;
            // A bomb (a small archive that expands to gigabytes) stops here, not in memory.
            if (review.text.size() + std::size_t(n) > kMaxReviewFileBytes ||
                textBytes + std::size_t(n) > kMaxReviewTableBytes)
                throw Error(ErrorCode::ParseError,
                            fileNameOf(archivePath) + ": " +
                                (review.text.size() + std::size_t(n) > kMaxReviewFileBytes
                                     ? "the review " + quoteInput(current, 80, '"') +
                                           " is larger than the " +
                                           byteSizeText(kMaxReviewFileBytes) +
                                           " a review file may hold"
                                     : "the reviews add up to more than " +
                                           byteSizeText(kMaxReviewTableBytes)) +
                                ": the archive is damaged or not a data set of reviews",
                            archivePath);
            review.text.append(buffer, std::size_t(n));
            textBytes += std::size_t(n);
        }
        builder.fileRead();
        review.id = std::move(file->id);
        review.split = file->split;
        review.label = file->label;
        review.rating = file->rating;
        const std::string where = review.id + ".txt";
        if (!builder.add(std::move(review), where, std::move(file->order))) ++skippedEmpty;
        current.clear();
    }
    requireReviews(builder, archivePath, skippedEmpty);
    builder.progressNow(archiveSize, archiveSize);
    return builder.finish(true);
}

} // namespace flicker
