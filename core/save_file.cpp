// Whole-or-nothing writes (see save_file.h).
#include "save_file.h"

#include "error.h"

#include <QSaveFile>
#include <QString>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace flicker {
namespace {

std::string reason(int error) {
    std::string why = std::strerror(error);
    if (error == ENOSPC || error == EDQUOT) why += ": the disk is full";
    // EFBIG is a limit on one file, not a full disk: the process's file-size limit (ulimit -f,
    // RLIMIT_FSIZE) or the largest file the file system holds.
    if (error == EFBIG)
        why += ": larger than this process's file-size limit (ulimit -f) or the largest file the "
               "file system holds";
    return why;
}

[[noreturn]] void cannotWrite(const std::string& path, const std::string& why,
                              const std::string& unchanged) {
    throw Error(ErrorCode::Io, path + ": cannot be written (" + why + "); " + unchanged, path);
}

// Writes all of `bytes` to `fd`; 0, or the errno of the failure.
int writeAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        bytes.remove_prefix(std::size_t(n));
    }
    return ::fsync(fd) == 0 ? 0 : errno;
}

// One file of a set on its way: written to an unnamed temporary file (O_TMPFILE, which a kill
// leaves nothing of), or where the file system has none, to a named hidden one (`temp`).
struct Pending {
    std::string name, path, temp;
    int fd = -1;
    ~Pending() {
        if (fd >= 0) ::close(fd);
        if (!temp.empty()) ::unlink(temp.c_str());
    }
};

} // namespace

void saveFileWhole(const std::string& path, std::string_view bytes) {
    const std::string unchanged = "any earlier file of that name is unchanged";
    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly))
        cannotWrite(path, file.errorString().toStdString(), unchanged);
    // The bytes go to the temporary file's descriptor directly: through QFileDevice a full disk
    // reads "Unknown error", and a short write can pass for a whole one.
    if (const int error = writeAll(int(file.handle()), bytes); error != 0) {
        file.cancelWriting();
        cannotWrite(path, reason(error), unchanged);
    }
    if (!file.commit()) cannotWrite(path, file.errorString().toStdString(), unchanged);
}

void saveFilesTogether(const std::string& dir,
                       const std::vector<std::pair<std::string, std::string>>& files) {
    namespace fs = std::filesystem;
    const std::string unchanged = "the earlier files in " + dir + " are unchanged";
    std::vector<Pending> pending(files.size());
    for (std::size_t k = 0; k < files.size(); ++k) {
        Pending& p = pending[k];
        p.name = files[k].first;
        p.path = (fs::path(dir) / p.name).string();
        p.fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        if (p.fd < 0) { // no O_TMPFILE here: a named hidden file
            p.temp =
                (fs::path(dir) / ("." + p.name + "." + std::to_string(long(::getpid())) + ".part"))
                    .string();
            p.fd = ::open(p.temp.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0666);
            if (p.fd < 0) {
                p.temp.clear();
                cannotWrite(p.path, reason(errno), unchanged);
            }
        }
        if (const int error = writeAll(p.fd, files[k].second); error != 0)
            cannotWrite(p.path, reason(error), unchanged);
    }
    // All on disk: from here on only names change. The old marker goes first, the new one comes
    // last. An unnamed file gets its name directly (nothing half-named is left by a kill).
    ::unlink(pending.back().path.c_str());
    for (Pending& p : pending) {
        bool placed = false;
        if (p.temp.empty()) {
            ::unlink(p.path.c_str());
            const std::string self = "/proc/self/fd/" + std::to_string(p.fd);
            placed =
                ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, p.path.c_str(), AT_SYMLINK_FOLLOW) == 0;
        } else {
            placed = ::rename(p.temp.c_str(), p.path.c_str()) == 0;
            if (placed) p.temp.clear();
        }
        if (!placed)
            throw Error(ErrorCode::Io,
                        p.path + ": cannot be put in place (" + reason(errno) +
                            "); the result in " + dir + " is incomplete: run it again",
                        p.path);
    }
    if (const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
        ::fsync(d); // the new names on disk too
        ::close(d);
    }
}

} // namespace flicker
