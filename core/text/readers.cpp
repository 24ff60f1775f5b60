#include "text/readers.h"

#include "error.h"
#include "text/reader_common.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace flicker {
namespace {

const char* const kWhatWeRead =
    "expected an aclImdb folder (train/ and test/ holding pos/ and neg/), a folder holding "
    "aclImdb/, an archive of one (.tar.gz, .tgz, .tar), a .csv file with a text and a label "
    "column, or a folder of .txt files";

bool hasArchiveExtension(const std::string& lowerName) {
    for (const char* ext :
         {".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".zip"})
        if (lowerName.ends_with(ext)) return true;
    return false;
}

// For files named otherwise: gzip, bzip2, xz and zip signatures, or a tar header's "ustar".
bool looksLikeArchive(const std::string& path) {
    std::array<unsigned char, 512> head{};
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) return false;
    const std::size_t n = std::fread(head.data(), 1, head.size(), file);
    std::fclose(file);
    const auto startsWith = [&](std::initializer_list<unsigned char> magic) {
        return n >= magic.size() && std::equal(magic.begin(), magic.end(), head.begin());
    };
    return startsWith({0x1F, 0x8B}) || startsWith({'B', 'Z', 'h'}) ||
           startsWith({0xFD, '7', 'z', 'X', 'Z', 0x00}) || startsWith({'P', 'K', 3, 4}) ||
           (n >= 262 && std::memcmp(head.data() + 257, "ustar", 5) == 0);
}

bool isAclFolder(const fs::path& folder) {
    std::error_code ec;
    for (const fs::path& root : {folder, folder / "aclImdb"})
        for (const char* split : {"train", "test"})
            for (const char* label : {"pos", "neg", "unsup"})
                if (fs::is_directory(root / split / label, ec)) return true;
    return false;
}

bool hasTextFiles(const fs::path& folder) {
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
        if (detail::asciiLower(detail::displayPath(it->path().filename())).ends_with(".txt"))
            return true;
    return false;
}

} // namespace

Corpus readCorpus(const std::string& path, const ReadSettings& settings, const ProgressFn& progress,
                  std::stop_token stop) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (path.empty() || !fs::exists(status))
        throw Error(ErrorCode::Io, "no such file or folder: " + (path.empty() ? "(empty)" : path),
                    path);
    if (fs::is_directory(status)) {
        if (isAclFolder(path)) return readAclImdbFolder(path, settings, progress, stop);
        if (hasTextFiles(path)) return readTextFolder(path, settings, progress, stop);
        throw Error(ErrorCode::EmptyInput, path + ": nothing to read here; " + kWhatWeRead, path);
    }
    const std::string lowerName =
        detail::asciiLower(detail::displayPath(fs::path(path).filename()));
    if (lowerName.ends_with(".csv")) return readCsvCorpus(path, settings, progress, stop);
    if (hasArchiveExtension(lowerName) || looksLikeArchive(path))
        return readAclImdbArchive(path, settings, progress, stop);
    throw Error(ErrorCode::ParseError, path + ": not a data set Flicker can read; " + kWhatWeRead,
                path);
}

} // namespace flicker
