// Output places checked before the work (see output_path.h).
#include "io/output_path.h"

#include "error.h"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace flicker {
namespace fs = std::filesystem;
namespace {

/// Writes a small file in `dir` (unnamed where the file system allows, else named and removed at
/// once): the only test that also holds for root, for read-only mounts and for full disks'
/// metadata. Returns the reason when it fails.
std::string probeFolder(const fs::path& dir) {
    // An unnamed file first: a kill at any moment leaves nothing behind in the user's folder.
    const int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (fd >= 0) {
        const bool written = ::write(fd, "x", 1) == 1;
        const int error = errno;
        ::close(fd);
        if (written) return {};
        return error == ENOSPC ? "writing failed (the disk is full)"
                               : std::error_code(error, std::generic_category()).message();
    }
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
        return std::error_code(errno, std::generic_category()).message();
    // A file system without unnamed files: a named probe, removed at once.
    const fs::path probe =
        dir / (".flicker-write-test-" + std::to_string(long(::getpid())) + ".tmp");
    {
        std::ofstream file(probe, std::ios::binary | std::ios::trunc);
        if (!file) {
            std::error_code ec(errno, std::generic_category());
            return ec.message();
        }
        file << "x";
        file.flush();
        if (!file) {
            std::error_code ec(errno, std::generic_category());
            file.close();
            fs::remove(probe, ec);
            return "writing failed (is the disk full?)";
        }
    }
    std::error_code ignored;
    fs::remove(probe, ignored);
    return {};
}

void refuseInputs(const fs::path& out, const std::vector<std::string>& inputs, const char* what) {
    for (const std::string& input : inputs) {
        if (input.empty()) continue;
        std::error_code ec;
        if (fs::exists(input, ec) && fs::exists(out, ec) && fs::equivalent(out, input, ec))
            throw Error(ErrorCode::InvalidArgument,
                        "the output " + std::string(what) + " '" + out.string() +
                            "' is one of the inputs ('" + input +
                            "'): writing it would destroy that input; choose another --out",
                        out.string());
    }
}

} // namespace

void checkOutputFile(const std::string& path, const std::vector<std::string>& inputs) {
    if (path.empty()) throw Error(ErrorCode::InvalidArgument, "no output file given");
    const fs::path out(path);
    std::error_code ec;
    if (fs::is_directory(out, ec))
        throw Error(ErrorCode::Io,
                    "cannot write '" + path + "': it is a folder; give a file name inside it",
                    path);
    refuseInputs(out, inputs, "file");
    const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (!fs::exists(parent, ec))
        throw Error(ErrorCode::Io,
                    "cannot write '" + path + "': the folder '" + parent.string() +
                        "' does not exist; create it first or choose another place",
                    path);
    if (!fs::is_directory(parent, ec))
        throw Error(ErrorCode::Io,
                    "cannot write '" + path + "': '" + parent.string() + "' is not a folder", path);
    if (fs::exists(out, ec) && !fs::is_regular_file(out, ec))
        throw Error(ErrorCode::Io,
                    "cannot write '" + path + "': it exists and is not a regular file", path);
    if (const std::string why = probeFolder(parent); !why.empty())
        throw Error(ErrorCode::Io,
                    "cannot write '" + path + "': the folder '" + parent.string() +
                        "' does not accept new files (" + why + ")",
                    path);
}

void prepareOutputFolder(const std::string& dir, const std::vector<std::string>& inputs) {
    if (dir.empty()) throw Error(ErrorCode::InvalidArgument, "no output folder given");
    const fs::path out(dir);
    std::error_code ec;
    if (fs::exists(out, ec) && !fs::is_directory(out, ec))
        throw Error(ErrorCode::Io,
                    "cannot write results to '" + dir +
                        "': it is a file, not a folder; choose a folder (it is made when missing)",
                    dir);
    refuseInputs(out, inputs, "folder");
    if (!fs::exists(out, ec)) {
        fs::create_directories(out, ec);
        if (ec)
            throw Error(ErrorCode::Io, "cannot make the folder '" + dir + "': " + ec.message(),
                        dir);
    }
    if (const std::string why = probeFolder(out); !why.empty())
        throw Error(ErrorCode::Io,
                    "cannot write results to '" + dir +
                        "': the folder does not accept new files (" + why + ")",
                    dir);
}

} // namespace flicker
