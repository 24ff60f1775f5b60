// Reading an archive from end to end with libarchive, twice layered: an inner reader unpacks
// the compressed stream (format "raw", every filter) and hands its bytes to an outer reader
// that understands tar. The bytes pass through here, so that the gzip CRC-32 — which
// libarchive reads but does not compare — is checked in the same single pass.
#include "io/archive_extract.h"

#include "error.h"
#include "input_file.h"
#include "text/tokenizer.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string_view>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace flicker {
namespace {

// ---- CRC-32 (the gzip polynomial, reflected 0xEDB88320), eight bytes at a time ----------

using CrcTables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr CrcTables makeCrcTables() {
    CrcTables t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k)
            c = (c & 1U) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
        t[0][n] = c;
    }
    for (std::size_t n = 0; n < 256; ++n)
        for (std::size_t k = 1; k < 8; ++k)
            t[k][n] = (t[k - 1][n] >> 8) ^ t[0][t[k - 1][n] & 0xFFU];
    return t;
}

constexpr CrcTables kCrc = makeCrcTables();

/// Continues a CRC-32 (start with 0) over `size` bytes.
std::uint32_t crc32(std::uint32_t crc, const unsigned char* p, std::size_t size) {
    std::uint32_t c = ~crc;
    while (size >= 8) {
        const std::uint32_t lo = c ^ (std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 |
                                      std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24);
        c = kCrc[7][lo & 0xFFU] ^ kCrc[6][(lo >> 8) & 0xFFU] ^ kCrc[5][(lo >> 16) & 0xFFU] ^
            kCrc[4][lo >> 24] ^ kCrc[3][p[4]] ^ kCrc[2][p[5]] ^ kCrc[1][p[6]] ^ kCrc[0][p[7]];
        p += 8;
        size -= 8;
    }
    while (size-- > 0)
        c = kCrc[0][(c ^ *p++) & 0xFFU] ^ (c >> 8);
    return ~c;
}

std::uint32_t littleEndian32(const unsigned char* p) {
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
           std::uint32_t(p[3]) << 24;
}

std::string fileNameOf(const std::string& path) {
    const std::string name = fs::path(path).filename().string();
    return name.empty() ? path : name;
}

// What to say when libarchive gives no reason (it says nothing when the gzip trailer is cut).
const char* const kNoReason = "the compressed data ends too early or is damaged";

struct ReadDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteDeleter {
    void operator()(archive* a) const { archive_write_free(a); }
};
using ReadHandle = std::unique_ptr<archive, ReadDeleter>;
using WriteHandle = std::unique_ptr<archive, WriteDeleter>;

/// Reports progress by compressed bytes, about every 0.5 % of the file.
class Pacer {
public:
    Pacer(const ProgressFn& progress, std::uint64_t total, std::string stage, std::string what)
        : m_progress(progress), m_total(total), m_step(std::max<std::uint64_t>(total / 200, 1)),
          m_stage(std::move(stage)), m_what(std::move(what)) {}
    void report(std::uint64_t done, bool force = false) {
        if (!m_progress) return;
        done = std::min(done, m_total);
        if (!force && done < m_last + m_step) return;
        m_last = done;
        m_progress({m_stage, std::size_t(done), std::size_t(m_total), m_what});
    }

private:
    const ProgressFn& m_progress;
    std::uint64_t m_total, m_step, m_last = 0;
    std::string m_stage, m_what;
};

/// The two-layer reader described at the top of this file. Not copyable; one pass.
class VerifiedReader {
public:
    /// `cancelled` is the message of the Error(Cancelled) thrown when `stop` is requested.
    VerifiedReader(const std::string& path, std::stop_token stop, std::string cancelled)
        : m_path(path), m_name(fileNameOf(path)), m_cancelled(std::move(cancelled)),
          m_stop(std::move(stop)), m_buffer(1 << 18) {
        std::error_code ec;
        if (fs::is_directory(path, ec))
            throw Error(ErrorCode::Io, m_name + ": is a folder, not an archive", path);
        m_fileSize = fs::file_size(path, ec);
        if (ec)
            throw Error(ErrorCode::Io, "cannot open the archive " + path + ": " + ec.message(),
                        path);
        if (m_fileSize == 0)
            throw Error(ErrorCode::ParseError, m_name + ": the file is empty (0 bytes)", path);

        m_inner.reset(archive_read_new());
        m_outer.reset(archive_read_new());
        if (!m_inner || !m_outer)
            throw Error(ErrorCode::Internal, "libarchive could not start a reader", path);
        archive_read_support_filter_all(m_inner.get());
        archive_read_support_format_raw(m_inner.get());
        if (archive_read_open_filename(m_inner.get(), path.c_str(), std::size_t(1) << 20) !=
            ARCHIVE_OK)
            throw innerFailure("cannot be read");
        archive_entry* entry = nullptr;
        if (archive_read_next_header(m_inner.get(), &entry) != ARCHIVE_OK)
            throw innerFailure("cannot be read");

        archive_read_support_format_all(m_outer.get());
        if (archive_read_open(m_outer.get(), this, nullptr, &VerifiedReader::read, nullptr) !=
            ARCHIVE_OK)
            throw failure("", "cannot be read");
    }

    archive* get() const { return m_outer.get(); }
    const std::string& path() const { return m_path; }
    const std::string& name() const { return m_name; }
    std::uint64_t fileSize() const { return m_fileSize; }
    std::uint64_t unpackedBytes() const { return m_unpacked; }
    std::uint64_t compressedDone() const {
        const auto n = archive_filter_bytes(m_inner.get(), -1);
        return n > 0 ? std::uint64_t(n) : 0;
    }
    void checkCancelled() const {
        if (m_stop.stop_requested()) throw Error(ErrorCode::Cancelled, m_cancelled, m_path);
    }

    /// The next entry's header, or nullptr after the last. `previous` is the path of the entry
    /// before ("" at the start): a damaged header is reported "after" it.
    archive_entry* nextEntry(const std::string& previous) {
        checkCancelled();
        archive_entry* entry = nullptr;
        const int status = archive_read_next_header(m_outer.get(), &entry);
        if (status == ARCHIVE_EOF) return nullptr;
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN) // RETRY: a damaged header
            throw failure(previous.empty() ? std::string() : "after " + previous);
        return entry;
    }

    /// The error for a failed outer call: Cancelled when stopped, Io for a file system refusal,
    /// ParseError for everything libarchive could not make sense of.
    /// `where` goes in parentheses: "at aclImdb/README", "after aclImdb/README", or "".
    Error failure(const std::string& where,
                  const std::string& what = "cannot be read to its end") const {
        checkCancelled();
        const std::string head = what + (where.empty() ? "" : " (" + where + ")");
        if (!m_innerError.empty()) return errorFor(head, m_innerError, m_innerErrno);
        const char* said = archive_error_string(m_outer.get());
        return errorFor(head, said ? said : kNoReason, archive_errno(m_outer.get()));
    }

    /// Reads whatever the outer reader left (tar padding, the gzip trailer) and compares the
    /// gzip trailer's CRC-32 and length with the bytes that came out. Returns whether a gzip
    /// trailer was compared.
    bool finish() {
        while (true) {
            checkCancelled();
            const la_ssize_t n = archive_read_data(m_inner.get(), m_buffer.data(), m_buffer.size());
            if (n < 0) throw innerFailure("cannot be read to its end");
            if (n == 0) break;
            take(std::size_t(n));
        }
        if (archive_filter_count(m_inner.get()) != 2 ||
            archive_filter_code(m_inner.get(), 0) != ARCHIVE_FILTER_GZIP)
            return false; // bzip2, xz and zstd check their own sums; a plain .tar has none
        unsigned char trailer[8] = {};
        std::ifstream file(fs::path(m_path), std::ios::binary);
        file.seekg(std::streamoff(m_fileSize - 8));
        if (m_fileSize < 8 || !file.read(reinterpret_cast<char*>(trailer), 8))
            throw Error(ErrorCode::Io, "cannot read the end of " + m_path, m_path);
        const bool crcOk = littleEndian32(trailer) == m_crc;
        const bool sizeOk = littleEndian32(trailer + 4) == std::uint32_t(m_unpacked & 0xFFFFFFFFU);
        if (!crcOk || !sizeOk)
            throw Error(ErrorCode::ParseError,
                        m_name + ": the gzip " + (crcOk ? "length" : "checksum (CRC-32)") +
                            " at the end of the file does not match its content; the file is "
                            "damaged (or is not a single gzip stream)",
                        m_path);
        return true;
    }

private:
    static la_ssize_t read(archive* outer, void* data, const void** buffer) {
        auto* self = static_cast<VerifiedReader*>(data);
        if (self->m_stop.stop_requested()) {
            archive_set_error(outer, ECANCELED, "cancelled");
            return ARCHIVE_FATAL;
        }
        const la_ssize_t n =
            archive_read_data(self->m_inner.get(), self->m_buffer.data(), self->m_buffer.size());
        if (n < 0) {
            const char* said = archive_error_string(self->m_inner.get());
            self->m_innerError = said ? said : kNoReason;
            self->m_innerErrno = archive_errno(self->m_inner.get());
            archive_set_error(outer, self->m_innerErrno, "%s", self->m_innerError.c_str());
            return ARCHIVE_FATAL;
        }
        self->take(std::size_t(n));
        *buffer = self->m_buffer.data();
        return n;
    }

    void take(std::size_t n) {
        m_crc = crc32(m_crc, reinterpret_cast<const unsigned char*>(m_buffer.data()), n);
        m_unpacked += n;
    }

    Error innerFailure(const std::string& what) const {
        checkCancelled();
        const char* said = archive_error_string(m_inner.get());
        return errorFor(what, said ? said : kNoReason, archive_errno(m_inner.get()));
    }

    /// "<name>: <what>: <libarchive's words>; …"; Io for a file system refusal, else ParseError.
    Error errorFor(const std::string& what, const std::string& said, int error) const {
        const bool io = error == ENOENT || error == EACCES || error == EIO || error == EISDIR;
        return Error(io ? ErrorCode::Io : ErrorCode::ParseError,
                     m_name + ": " + what + ": " + said +
                         "; the file is damaged, cut short, or not a .tar.gz archive",
                     m_path);
    }

    std::string m_path, m_name, m_cancelled;
    std::stop_token m_stop;
    std::uint64_t m_fileSize = 0;
    ReadHandle m_inner, m_outer;
    std::vector<char> m_buffer;
    std::uint32_t m_crc = 0;
    std::uint64_t m_unpacked = 0;
    std::string m_innerError;
    int m_innerErrno = 0;
};

/// The parts of an entry's path, without a leading "./" and without empty parts.
std::vector<std::string_view> partsOf(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto slash = std::min(path.find('/', start), path.size());
        const std::string_view part = path.substr(start, slash - start);
        if (!part.empty() && !(part == "." && parts.empty())) parts.push_back(part);
        start = slash + 1;
    }
    return parts;
}

/// Why an entry's path is unsafe to unpack, or empty.
std::string unsafeReason(std::string_view path) {
    if (path.starts_with('/')) return "has an absolute path";
    // A name must be text: not UTF-8 (or holding control characters) it could not be shown
    // or named in a message, and may mean something else to another program.
    std::string repaired(path);
    if (repairUtf8(repaired) > 0) return "has a name that is not UTF-8 text";
    for (const char c : path)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            return "has a control character in its name";
    for (const auto part : partsOf(path))
        if (part == "..") return "leads out of the destination folder (\"..\")";
    return {};
}

/// A new empty folder beside `dest`: ".<name>.<tag>-<random>".
fs::path makeSiblingFolder(const fs::path& dest, const std::string& tag) {
    std::random_device device;
    std::mt19937_64 random((std::uint64_t(device()) << 32) ^ device());
    for (int attempt = 0; attempt < 100; ++attempt) {
        char suffix[17];
        std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(random()));
        std::string name(1, '.'); // built step by step: GCC 12 warns (-Wrestrict) on "." + s
        name += dest.filename().string();
        name += '.';
        name += tag;
        name += '-';
        name += suffix;
        const fs::path candidate = dest.parent_path() / name;
        std::error_code ec;
        if (fs::create_directory(candidate, ec)) return candidate;
        if (ec && ec != std::errc::file_exists)
            throw Error(ErrorCode::Io,
                        "cannot create a folder in " + dest.parent_path().string() + ": " +
                            ec.message(),
                        dest.parent_path().string());
    }
    throw Error(ErrorCode::Io, "cannot create a temporary folder beside " + dest.string(),
                dest.string());
}

/// Removes a folder when it goes out of scope, unless released.
class FolderGuard {
public:
    explicit FolderGuard(fs::path folder) : m_folder(std::move(folder)) {}
    ~FolderGuard() {
        if (m_folder.empty()) return;
        std::error_code ec;
        fs::remove_all(m_folder, ec);
    }
    FolderGuard(const FolderGuard&) = delete;
    FolderGuard& operator=(const FolderGuard&) = delete;
    void release() { m_folder.clear(); }

private:
    fs::path m_folder;
};

/// What checkAclImdbArchive counts into an ArchiveCheck: the entries, the reviews of each
/// labelled folder and of train/unsup, and whether each labelled folder is there at all.
class AclImdbCounter {
public:
    explicit AclImdbCounter(ArchiveCheck& check)
        : m_check(check), m_folders{{{"train", "pos", &check.trainPos},
                                     {"train", "neg", &check.trainNeg},
                                     {"test", "pos", &check.testPos},
                                     {"test", "neg", &check.testNeg}}} {}

    void count(archive_entry* entry, const std::string& path) {
        ++m_check.entries;
        const auto parts = partsOf(path);
        if (parts.empty() || parts[0] != "aclImdb") return;
        m_sawRoot = true;
        if (parts.size() < 3) return;
        const bool regular = archive_entry_filetype(entry) == AE_IFREG;
        const bool review =
            regular && parts.size() == 4 && parts[3].ends_with(".txt") && parts[3].size() > 4;
        for (auto& folder : m_folders)
            if (parts[1] == folder.split && parts[2] == folder.label) {
                folder.seen = true;
                if (review) ++*folder.count;
            }
        if (review && parts[1] == "train" && parts[2] == "unsup") ++m_check.unsup;
    }

    /// What is not as expected, "; " between problems; "" when nothing.
    std::string problems(std::size_t expectedPerLabelledFolder) const {
        std::string problems;
        const auto add = [&](const std::string& problem) {
            problems += (problems.empty() ? "" : "; ") + problem;
        };
        if (!m_sawRoot) {
            add("there is no aclImdb/ folder in it; expected aclImdb/train/pos, aclImdb/train/neg, "
                "aclImdb/test/pos and aclImdb/test/neg with " +
                formatCount(expectedPerLabelledFolder) + " reviews (*.txt) each");
            return problems;
        }
        for (const auto& folder : m_folders) {
            const std::string where = std::string("aclImdb/") + folder.split + "/" + folder.label;
            if (!folder.seen)
                add(where + " is missing");
            else if (*folder.count != expectedPerLabelledFolder)
                add(where + " has " + formatCount(*folder.count) +
                    (*folder.count == 1 ? " review" : " reviews") + ", expected " +
                    formatCount(expectedPerLabelledFolder));
        }
        return problems;
    }

private:
    // A labelled folder, in the order of the messages.
    struct Folder {
        const char* split;
        const char* label;
        std::size_t* count;
        bool seen = false;
    };
    ArchiveCheck& m_check;
    std::array<Folder, 4> m_folders;
    bool m_sawRoot = false;
};

} // namespace

std::string formatCount(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (auto k = std::ptrdiff_t(digits.size()) - 3; k > 0; k -= 3)
        digits.insert(std::size_t(k), 1, ',');
    return digits;
}

ArchiveCheck checkAclImdbArchive(const std::string& path, std::size_t expectedPerLabelledFolder,
                                 const ProgressFn& progress, std::stop_token stop) {
    VerifiedReader reader(path, stop, "checking " + fileNameOf(path) + " was cancelled");
    Pacer pacer(progress, reader.fileSize(), "checking", "checking " + reader.name());
    pacer.report(0, true);

    ArchiveCheck check;
    check.compressedBytes = reader.fileSize();
    AclImdbCounter counter(check);
    std::string current;
    while (archive_entry* entry = reader.nextEntry(current)) {
        const char* name = archive_entry_pathname(entry);
        current = name ? name : "";
        counter.count(entry, current);
        if (archive_read_data_skip(reader.get()) < ARCHIVE_WARN)
            throw reader.failure("at " + current);
        pacer.report(reader.compressedDone());
    }
    check.gzipChecksumVerified = reader.finish();
    check.uncompressedBytes = reader.unpackedBytes();
    pacer.report(reader.fileSize(), true);

    const std::string problems = counter.problems(expectedPerLabelledFolder);
    if (!problems.empty())
        throw Error(ErrorCode::ParseError, reader.name() + ": " + problems, path);
    return check;
}

namespace {

// The folder to unpack into, absolute, without a trailing separator.
fs::path destinationOf(const std::string& path, const std::string& destinationFolder) {
    if (destinationFolder.empty())
        throw Error(ErrorCode::InvalidArgument, "no destination folder given to unpack " + path);
    fs::path dest = fs::absolute(fs::path(destinationFolder)).lexically_normal();
    if (dest.filename().empty()) dest = dest.parent_path(); // "…/data/" → "…/data"
    return dest;
}

void makeParentFolder(const fs::path& dest) {
    std::error_code ec;
    fs::create_directories(dest.parent_path(), ec);
    if (ec)
        throw Error(ErrorCode::Io,
                    "cannot create the folder " + dest.parent_path().string() + ": " + ec.message(),
                    dest.parent_path().string());
}

/// libarchive's writer to disk; each failure names the file and says that the destination
/// was left as it was.
class DiskWriter {
public:
    DiskWriter(const VerifiedReader& reader, std::string destination)
        : m_archive(reader.name()), m_destination(std::move(destination)),
          m_writer(archive_write_disk_new()) {
        if (!m_writer)
            throw Error(ErrorCode::Internal, "libarchive could not start a writer", reader.path());
        // Entry paths were checked and made absolute under the temporary folder, and no
        // symbolic link is unpacked, so only ".." needs libarchive's guard (a second line of
        // defence).
        archive_write_disk_set_options(m_writer.get(),
                                       ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_NODOTDOT);
    }
    archive* get() const { return m_writer.get(); }
    Error failure(const std::string& where) const {
        const char* said = archive_error_string(m_writer.get());
        return Error(ErrorCode::Io,
                     "cannot write " + where + " while unpacking " + m_archive + ": " +
                         (said ? said : "unknown error") + "; " + m_destination +
                         " was left as it was",
                     where);
    }

private:
    std::string m_archive, m_destination;
    WriteHandle m_writer;
};

// Refuses an entry (or the target of a hard link) that would land outside the destination.
void refuseUnsafeEntry(const VerifiedReader& reader, const std::string& current, const char* link) {
    if (const auto why = unsafeReason(current); !why.empty())
        throw Error(ErrorCode::ParseError,
                    reader.name() + ": the entry " + quoteInput(current, 80, '"') + " " + why +
                        "; nothing was unpacked",
                    reader.path());
    if (link) {
        if (const auto why = unsafeReason(link); !why.empty())
            throw Error(ErrorCode::ParseError,
                        reader.name() + ": the hard link " + quoteInput(current, 80, '"') +
                            " points to " + quoteInput(link, 80, '"') + ", which " + why +
                            "; nothing was unpacked",
                        reader.path());
    }
}

// Copies the current entry's data to the file written for it; returns its bytes. `before` is
// what the archive unpacked so far: an entry or a total past the limits stops it (a bomb).
std::uint64_t copyData(VerifiedReader& reader, const DiskWriter& writer, const std::string& current,
                       const std::string& target, std::uint64_t before) {
    std::uint64_t bytes = 0;
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    while (true) {
        reader.checkCancelled();
        const int got = archive_read_data_block(reader.get(), &block, &size, &offset);
        if (got == ARCHIVE_EOF) break;
        if (got != ARCHIVE_OK && got != ARCHIVE_WARN) throw reader.failure("at " + current);
        bytes += size;
        if (bytes > kMaxUnpackedEntryBytes || before + bytes > kMaxUnpackedBytes)
            throw Error(
                ErrorCode::ParseError,
                reader.name() + ": " +
                    (bytes > kMaxUnpackedEntryBytes
                         ? "the entry " + quoteInput(current, 80, '"') + " unpacks to more than " +
                               byteSizeText(kMaxUnpackedEntryBytes)
                         : "the archive unpacks to more than " + byteSizeText(kMaxUnpackedBytes) +
                               " (at " + quoteInput(current, 80, '"') + ")") +
                    ", far more than a data set of reviews: it is damaged or not the "
                    "IMDb archive; nothing was unpacked",
                reader.path());
        if (archive_write_data_block(writer.get(), block, size, offset) < ARCHIVE_WARN)
            throw writer.failure(target);
    }
    return bytes;
}

// Unpacks the current entry under `temp`: a folder, a file or a hard link; anything else
// ("./", symbolic links, devices, FIFOs) is skipped. Counted in `result`.
void unpackEntry(VerifiedReader& reader, archive_entry* entry, const std::string& current,
                 const fs::path& temp, const DiskWriter& writer, ExtractResult& result) {
    const auto type = archive_entry_filetype(entry);
    const char* link = archive_entry_hardlink(entry);
    refuseUnsafeEntry(reader, current, link);
    if (partsOf(current).empty() || (type != AE_IFREG && type != AE_IFDIR && !link)) {
        ++result.skipped;
        if (archive_read_data_skip(reader.get()) < ARCHIVE_WARN)
            throw reader.failure("at " + current);
        return;
    }
    const fs::path target = temp / fs::path(current).relative_path();
    archive_entry_copy_pathname(entry, target.c_str());
    if (link) archive_entry_copy_hardlink(entry, (temp / fs::path(link).relative_path()).c_str());
    if (archive_write_header(writer.get(), entry) < ARCHIVE_WARN)
        throw writer.failure(target.string());
    if (type == AE_IFDIR) {
        ++result.folders;
    } else {
        ++result.files;
        result.bytes += copyData(reader, writer, current, target.string(), result.bytes);
    }
    if (archive_write_finish_entry(writer.get()) < ARCHIVE_WARN)
        throw writer.failure(target.string());
}

// Into place: the old copy steps aside, the unpacked one (in `temp`, guarded until then) takes
// its name, the old one goes.
void moveIntoPlace(const fs::path& temp, FolderGuard& tempGuard, const fs::path& dest) {
    const std::string destText = dest.string();
    std::error_code ec;
    fs::path old;
    if (fs::symlink_status(dest, ec).type() != fs::file_type::not_found) {
        old = makeSiblingFolder(dest, "old");
        fs::remove(old, ec);
        fs::rename(dest, old, ec);
        if (ec)
            throw Error(ErrorCode::Io,
                        "cannot move " + destText + " aside to replace it: " + ec.message(),
                        destText);
    }
    fs::rename(temp, dest, ec);
    if (ec) {
        const std::string why = ec.message();
        if (!old.empty()) fs::rename(old, dest, ec);
        throw Error(ErrorCode::Io, "cannot move the unpacked files to " + destText + ": " + why,
                    destText);
    }
    tempGuard.release();
    if (!old.empty()) fs::remove_all(old, ec); // best effort: the new copy is in place
}

} // namespace

ExtractResult extractArchive(const std::string& path, const std::string& destinationFolder,
                             const ProgressFn& progress, std::stop_token stop) {
    const fs::path dest = destinationOf(path, destinationFolder);
    const std::string destText = dest.string();
    VerifiedReader reader(path, stop,
                          "unpacking " + fileNameOf(path) + " was cancelled; " + destText +
                              " was left as it was");
    makeParentFolder(dest);
    const fs::path temp = makeSiblingFolder(dest, "partial");
    FolderGuard tempGuard(temp);
    const DiskWriter writer(reader, destText);

    Pacer pacer(progress, reader.fileSize(), "unpacking", "unpacking " + reader.name());
    pacer.report(0, true);
    ExtractResult result;
    std::string current;
    while (archive_entry* entry = reader.nextEntry(current)) {
        const char* name = archive_entry_pathname(entry);
        current = name ? name : "";
        unpackEntry(reader, entry, current, temp, writer, result);
        pacer.report(reader.compressedDone());
    }
    reader.finish();
    if (archive_write_close(writer.get()) < ARCHIVE_WARN) throw writer.failure(temp.string());
    reader.checkCancelled();
    moveIntoPlace(temp, tempGuard, dest);
    pacer.report(reader.fileSize(), true);
    result.folder = destText;
    return result;
}

} // namespace flicker
