// IDX: a 4-byte magic (0, 0, type, number of dimensions), the dimensions as big-endian 32-bit
// integers, then the data. The header is read and checked first; only then is a buffer of the
// size it promises (bounded) allocated and filled, and the data must end exactly there.
#include "sparsity/idx.h"

#include "error.h"
#include "input_file.h"

#include <archive.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace flicker {
namespace {

constexpr unsigned char kTypeUnsignedByte = 0x08;
constexpr std::uint64_t kIdxChunk = 16ull << 20; // bytes read (and allocated) at a time

std::string fileNameOf(const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    return name.empty() ? path : name;
}

// A source of decoded bytes: read() fills up to n bytes and returns how many (0 at the end).
class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual std::size_t read(unsigned char* dst, std::size_t n) = 0;
    // Fills exactly n bytes or returns how many it could.
    std::size_t readFully(unsigned char* dst, std::size_t n) {
        std::size_t got = 0;
        while (got < n) {
            const std::size_t k = read(dst + got, n - got);
            if (k == 0) break;
            got += k;
        }
        return got;
    }
};

class MemorySource : public ByteSource {
public:
    explicit MemorySource(const std::string& bytes) : m_bytes(bytes) {}
    std::size_t read(unsigned char* dst, std::size_t n) override {
        const std::size_t k = std::min(n, m_bytes.size() - m_at);
        std::memcpy(dst, m_bytes.data() + m_at, k);
        m_at += k;
        return k;
    }

private:
    const std::string& m_bytes;
    std::size_t m_at = 0;
};

class FileSource : public ByteSource {
public:
    FileSource(const std::string& path, const std::string& name)
        : m_in(path, std::ios::binary), m_name(name) {
        if (!m_in) throw Error(ErrorCode::Io, "cannot open " + name, name);
    }
    std::size_t read(unsigned char* dst, std::size_t n) override {
        m_in.read(reinterpret_cast<char*>(dst), std::streamsize(n));
        if (m_in.bad()) throw Error(ErrorCode::Io, "reading " + m_name + " failed", m_name);
        return std::size_t(m_in.gcount());
    }

private:
    std::ifstream m_in;
    std::string m_name;
};

struct ArchiveFree {
    void operator()(archive* a) const { archive_read_free(a); }
};

// gzip through libarchive: format "raw" with the gzip filter gives the decompressed stream.
class GzipSource : public ByteSource {
public:
    // From a file (path) or from memory (bytes), whichever is given.
    GzipSource(const std::string* path, const std::string* bytes, const std::string& name)
        : m_a(archive_read_new()), m_name(name) {
        if (!m_a) throw Error(ErrorCode::Internal, "libarchive could not start");
        archive_read_support_filter_gzip(m_a.get());
        archive_read_support_format_raw(m_a.get());
        const int r = path ? archive_read_open_filename(m_a.get(), path->c_str(), 1 << 16)
                           : archive_read_open_memory(m_a.get(), bytes->data(), bytes->size());
        archive_entry* entry = nullptr;
        if (r != ARCHIVE_OK || archive_read_next_header(m_a.get(), &entry) != ARCHIVE_OK) fail();
    }
    std::size_t read(unsigned char* dst, std::size_t n) override {
        const la_ssize_t k = archive_read_data(m_a.get(), dst, n);
        if (k < 0) fail();
        return std::size_t(k);
    }

private:
    [[noreturn]] void fail() {
        const char* why = archive_error_string(m_a.get());
        throw Error(ErrorCode::ParseError,
                    m_name + ": the gzip data is damaged or cut short (" +
                        std::string(why ? why : "no reason given") +
                        "); download or copy the file again",
                    m_name);
    }
    std::unique_ptr<archive, ArchiveFree> m_a;
    std::string m_name;
};

bool startsWithGzipMagic(const unsigned char* p, std::size_t n) {
    return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

std::uint32_t bigEndian32(const unsigned char* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 |
           std::uint32_t(p[3]);
}

// Reads and checks the header (dimensions `dims`, unsigned bytes), then the data whole.
// Returns the dimensions; `data` receives product(dimensions) bytes.
std::vector<std::uint32_t> readIdx(ByteSource& src, const std::string& name, unsigned dims,
                                   const char* kind, std::vector<std::uint8_t>& data) {
    std::array<unsigned char, 4> magic{};
    const std::size_t got = src.readFully(magic.data(), 4);
    if (got == 0)
        throw Error(ErrorCode::EmptyInput, name + " is empty: expected an IDX file of " + kind,
                    name);
    if (got < 4 || magic[0] != 0 || magic[1] != 0)
        throw Error(ErrorCode::ParseError,
                    name + " is not an IDX file (its first bytes are not the IDX magic number "
                           "0x0000 0803 / 0801); give the *-idx3-ubyte images or *-idx1-ubyte "
                           "labels file",
                    name);
    if (magic[2] != kTypeUnsignedByte)
        throw Error(ErrorCode::ParseError,
                    name + ": the IDX data type is 0x" +
                        std::string(1, "0123456789abcdef"[magic[2] >> 4]) +
                        std::string(1, "0123456789abcdef"[magic[2] & 15]) +
                        ", not 0x08 (unsigned bytes); Flicker reads byte images and labels",
                    name);
    if (magic[3] != dims)
        throw Error(ErrorCode::ParseError,
                    name + " has " + std::to_string(magic[3]) + " dimension(s), but " + kind +
                        " have " + std::to_string(dims) +
                        (dims == 3 ? " (count, rows, columns): is it a labels file?"
                                   : " (count): is it an images file?"),
                    name);
    std::vector<unsigned char> header(4 * dims);
    if (src.readFully(header.data(), header.size()) != header.size())
        throw Error(ErrorCode::ParseError, name + " is truncated: its header is incomplete", name);
    std::vector<std::uint32_t> sizes(dims);
    std::uint64_t total = 1;
    for (unsigned d = 0; d < dims; ++d) {
        sizes[d] = bigEndian32(header.data() + 4 * d);
        const std::uint32_t limit = d == 0 ? kMaxIdxItems : kMaxIdxImageSide;
        if (sizes[d] > limit)
            throw Error(ErrorCode::ParseError,
                        name + ": dimension " + std::to_string(d + 1) + " is " +
                            std::to_string(sizes[d]) + ", more than the " + std::to_string(limit) +
                            " Flicker accepts (" + (d == 0 ? "items" : "pixels per side") +
                            "); the header is damaged or this is not an image data set",
                        name);
        if (d > 0 && sizes[d] == 0)
            throw Error(ErrorCode::ParseError,
                        name + ": dimension " + std::to_string(d + 1) + " is 0 (empty images)",
                        name);
        total *= sizes[d];
    }
    if (sizes[0] == 0)
        throw Error(ErrorCode::EmptyInput, name + " holds no " + kind + " (its count is 0)", name);
    if (total > kMaxIdxDataBytes)
        throw Error(ErrorCode::ParseError,
                    name + ": its header promises " + byteSizeText(total) + " of data, more than " +
                        byteSizeText(kMaxIdxDataBytes),
                    name);
    // Filled in chunks as the bytes arrive, so that a short file (a gzip bomb's header, a
    // truncated download) never costs the memory its header promises.
    data.clear();
    data.reserve(std::size_t(std::min<std::uint64_t>(total, kIdxChunk)));
    std::size_t read = 0;
    while (read < total) {
        const std::size_t want = std::size_t(std::min<std::uint64_t>(total - read, kIdxChunk));
        data.resize(read + want);
        const std::size_t chunk = src.readFully(data.data() + read, want);
        read += chunk;
        if (chunk < want) break;
    }
    if (read != total) {
        data.clear();
        throw Error(ErrorCode::ParseError,
                    name + " is truncated: its header promises " + std::to_string(total) +
                        " bytes of " + kind + " but only " + std::to_string(read) +
                        " follow; download or copy the file again",
                    name);
    }
    unsigned char extra = 0;
    if (src.read(&extra, 1) != 0) {
        data.clear();
        throw Error(ErrorCode::ParseError,
                    name + " is longer than its header says (" + std::to_string(total) +
                        " bytes of " + kind + "): the header or the file is damaged",
                    name);
    }
    return sizes;
}

std::unique_ptr<ByteSource> openFile(const std::string& path, const std::string& name) {
    checkInputFile(path, kMaxIdxFileBytes, "IDX file");
    std::array<unsigned char, 2> head{};
    std::size_t n = 0;
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw Error(ErrorCode::Io, "cannot open " + path, path);
        in.read(reinterpret_cast<char*>(head.data()), 2);
        n = std::size_t(in.gcount());
    }
    if (startsWithGzipMagic(head.data(), n))
        return std::make_unique<GzipSource>(&path, nullptr, name);
    return std::make_unique<FileSource>(path, name);
}

std::unique_ptr<ByteSource> openMemory(const std::string& bytes, const std::string& name) {
    if (startsWithGzipMagic(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()))
        return std::make_unique<GzipSource>(nullptr, &bytes, name);
    return std::make_unique<MemorySource>(bytes);
}

IdxImages imagesFrom(ByteSource& src, const std::string& name) {
    IdxImages images;
    const auto sizes = readIdx(src, name, 3, "images", images.pixels);
    images.count = sizes[0];
    images.rows = sizes[1];
    images.cols = sizes[2];
    return images;
}

std::vector<std::uint8_t> labelsFrom(ByteSource& src, const std::string& name) {
    std::vector<std::uint8_t> labels;
    readIdx(src, name, 1, "labels", labels);
    return labels;
}

void putBigEndian32(std::string& s, std::uint32_t v) {
    s.push_back(char(v >> 24));
    s.push_back(char((v >> 16) & 0xFF));
    s.push_back(char((v >> 8) & 0xFF));
    s.push_back(char(v & 0xFF));
}

} // namespace

IdxImages readIdxImages(const std::string& path) {
    const std::string name = fileNameOf(path);
    auto src = openFile(path, name);
    return imagesFrom(*src, name);
}

std::vector<std::uint8_t> readIdxLabels(const std::string& path) {
    const std::string name = fileNameOf(path);
    auto src = openFile(path, name);
    return labelsFrom(*src, name);
}

IdxImages parseIdxImages(const std::string& bytes, const std::string& name) {
    auto src = openMemory(bytes, name);
    return imagesFrom(*src, name);
}

std::vector<std::uint8_t> parseIdxLabels(const std::string& bytes, const std::string& name) {
    auto src = openMemory(bytes, name);
    return labelsFrom(*src, name);
}

std::string idxImagesBytes(const IdxImages& images) {
    std::string s{'\0', '\0', char(kTypeUnsignedByte), '\3'};
    putBigEndian32(s, std::uint32_t(images.count));
    putBigEndian32(s, std::uint32_t(images.rows));
    putBigEndian32(s, std::uint32_t(images.cols));
    s.append(reinterpret_cast<const char*>(images.pixels.data()), images.pixels.size());
    return s;
}

std::string idxLabelsBytes(const std::vector<std::uint8_t>& labels) {
    std::string s{'\0', '\0', char(kTypeUnsignedByte), '\1'};
    putBigEndian32(s, std::uint32_t(labels.size()));
    s.append(reinterpret_cast<const char*>(labels.data()), labels.size());
    return s;
}

} // namespace flicker
