// Bounded whole-file reads (see input_file.h).
#include "input_file.h"

#include "error.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace flicker {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void tooLarge(const std::string& name, std::uint64_t limit, std::string_view what) {
    throw Error(ErrorCode::Io,
                name + ": larger than the " + byteSizeText(limit) + " a " + std::string(what) +
                    " may hold; is it the right file?",
                name);
}

} // namespace

std::string encodingProblem(std::string_view text) {
    if (text.starts_with(std::string_view("\xFF\xFE\0\0", 4)) ||
        text.starts_with(std::string_view("\0\0\xFE\xFF", 4)))
        return "UTF-32 text";
    if (text.starts_with("\xFF\xFE")) return "UTF-16 text (little-endian)";
    if (text.starts_with("\xFE\xFF")) return "UTF-16 text (big-endian)";
    const std::string_view head = text.substr(0, 4096);
    const auto nuls = std::count(head.begin(), head.end(), '\0');
    if (nuls == 0) return {};
    // Every other byte NUL: UTF-16 without its mark; otherwise some binary file.
    return std::size_t(nuls) * 3 >= head.size() ? "UTF-16 text (no byte-order mark)"
                                                : "binary data (NUL bytes)";
}

std::string byteSizeText(std::uint64_t bytes) {
    if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0)
        return std::to_string(bytes >> 30) + " GB";
    if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0)
        return std::to_string(bytes >> 20) + " MB";
    return std::to_string(bytes) + " bytes";
}

void checkInputFile(const std::string& path, std::uint64_t limit, std::string_view what) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        throw Error(ErrorCode::Io,
                    path + ": cannot be opened (" +
                        (ec ? ec.message() : std::string("no such file")) + ")",
                    path);
    if (fs::is_directory(status))
        throw Error(ErrorCode::Io,
                    path + ": is a folder; give the " + std::string(what) + " file itself", path);
    if (!fs::is_regular_file(status))
        throw Error(ErrorCode::Io,
                    path + ": is not a regular file (a device, a pipe or a socket); give the " +
                        std::string(what) + " file itself",
                    path);
    const std::uint64_t size = fs::file_size(path, ec);
    if (!ec && size > limit) tooLarge(path, limit, what);
}

std::string readInputFile(const std::string& path, std::uint64_t limit, std::string_view what) {
    checkInputFile(path, limit, what);
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        throw Error(ErrorCode::Io, path + ": cannot be opened (" + std::strerror(errno) + ")",
                    path);
    std::string data;
    char buffer[1 << 16];
    bool over = false;
    while (true) {
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, file);
        if (data.size() + n > limit) {
            over = true;
            break;
        }
        data.append(buffer, n);
        if (n < sizeof buffer) break;
    }
    const bool failed = std::ferror(file);
    const int error = errno;
    std::fclose(file);
    if (over) tooLarge(path, limit, what);
    if (failed)
        throw Error(ErrorCode::Io, path + ": cannot be read (" + std::strerror(error) + ")", path);
    return data;
}

std::string readInputStream(std::istream& in, std::uint64_t limit, std::string_view what,
                            const std::string& name) {
    std::string data;
    char buffer[1 << 16];
    while (in) {
        in.read(buffer, sizeof buffer);
        const auto n = std::size_t(in.gcount());
        if (data.size() + n > limit) tooLarge(name, limit, what);
        data.append(buffer, n);
    }
    if (in.bad()) throw Error(ErrorCode::Io, name + ": read error", name);
    return data;
}

} // namespace flicker
