#include "io/matrix_file.h"

#include "error.h"

#include <bit>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace flicker {
namespace {

void finish(std::ofstream& out, const std::string& path) {
    out.flush();
    if (!out) throw Error(ErrorCode::Io, path + ": writing failed (is the disk full?)", path);
}

std::ofstream openForWriting(const std::string& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorCode::Io, path + ": cannot be opened for writing", path);
    return out;
}

} // namespace

void writeMatrixCsv(const std::string& path, std::span<const float> values, std::size_t rows,
                    std::size_t columns, const std::string& columnPrefix) {
    if (values.size() != rows * columns)
        throw Error(ErrorCode::InvalidArgument, "matrix size does not match rows × columns");
    std::ofstream out = openForWriting(path);
    for (std::size_t c = 0; c < columns; ++c)
        out << (c ? "," : "") << columnPrefix << (c + 1);
    out << '\n';
    char buf[32];
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns; ++c) {
            std::snprintf(buf, sizeof buf, "%.9g", double(values[r * columns + c]));
            if (c) out << ',';
            out << buf;
        }
        out << '\n';
    }
    finish(out, path);
}

void writeMatrixNpy(const std::string& path, std::span<const float> values, std::size_t rows,
                    std::size_t columns) {
    static_assert(std::endian::native == std::endian::little, "npy writer assumes little endian");
    if (values.size() != rows * columns)
        throw Error(ErrorCode::InvalidArgument, "matrix size does not match rows × columns");
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                         std::to_string(rows) + ", " + std::to_string(columns) + "), }";
    // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple
    // of 64 and ended by a newline (format version 1.0).
    const std::size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header.push_back('\n');
    std::ofstream out = openForWriting(path);
    out.write("\x93NUMPY\x01\x00", 8);
    const std::uint16_t len = std::uint16_t(header.size());
    out.write(reinterpret_cast<const char*>(&len), 2);
    out.write(header.data(), std::streamsize(header.size()));
    out.write(reinterpret_cast<const char*>(values.data()),
              std::streamsize(values.size() * sizeof(float)));
    finish(out, path);
}

std::vector<float> readMatrixNpy(const std::string& path, std::size_t& rows, std::size_t& columns) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::Io, path + ": cannot be opened", path);
    char magic[8];
    std::uint16_t len = 0;
    if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY\x01\x00", 8) != 0 ||
        !in.read(reinterpret_cast<char*>(&len), 2))
        throw Error(ErrorCode::ParseError, path + ": not a version 1.0 .npy file", path);
    std::string header(len, '\0');
    if (!in.read(header.data(), len))
        throw Error(ErrorCode::ParseError, path + ": the file is truncated (inside its header)",
                    path);
    if (header.find("'descr': '<f4'") == std::string::npos ||
        header.find("'fortran_order': False") == std::string::npos)
        throw Error(ErrorCode::ParseError, path + ": expected float32 C-order data", path);
    // The shape comes from the file: two unsigned decimal numbers, checked against the bytes
    // that follow the header before anything is allocated.
    const auto open = header.find("'shape': (");
    auto number = [&](std::size_t& at, std::size_t& value) {
        const char* first = header.data() + at;
        const auto [end, ec] = std::from_chars(first, header.data() + header.size(), value);
        if (ec != std::errc() || end == first) return false;
        at += std::size_t(end - first);
        return true;
    };
    std::size_t at = open == std::string::npos ? 0 : open + 10;
    const bool shaped = open != std::string::npos && number(at, rows) &&
                        header.compare(at, 2, ", ") == 0 && (at += 2, number(at, columns)) &&
                        header.compare(at, 1, ")") == 0;
    if (!shaped)
        throw Error(ErrorCode::ParseError, path + ": expected a 2-D array shape (rows, columns)",
                    path);
    const std::streamoff dataAt = in.tellg();
    in.seekg(0, std::ios::end);
    const std::size_t remaining = std::size_t(in.tellg() - dataAt);
    in.seekg(dataAt);
    const bool fits = columns == 0 || rows <= remaining / sizeof(float) / columns;
    if (!fits || rows * columns * sizeof(float) != remaining)
        throw Error(ErrorCode::ParseError,
                    path + ": the shape (" + std::to_string(rows) + ", " + std::to_string(columns) +
                        ") does not match the " + std::to_string(remaining) +
                        " bytes of data in the file",
                    path);
    std::vector<float> values(rows * columns);
    if (!in.read(reinterpret_cast<char*>(values.data()),
                 std::streamsize(values.size() * sizeof(float))))
        throw Error(ErrorCode::ParseError, path + ": the file is truncated", path);
    return values;
}

} // namespace flicker
