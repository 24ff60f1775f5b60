// Reading IDX files (the format of MNIST and Fashion-MNIST), plain or gzipped: the magic number,
// the dimensions and the size are checked against the file before anything large is allocated,
// so a truncated, mislabelled or absurd file is a clear error, never a crash or a huge buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace flicker {

/// Bounds far above any real IDX file (Fashion-MNIST's training images: 26 MB gzipped, 47 MB
/// plain): the file on disk, the decoded data, one image side and the number of items.
inline constexpr std::uint64_t kMaxIdxFileBytes = 1ull << 30;
inline constexpr std::uint64_t kMaxIdxDataBytes = 2ull << 30;
inline constexpr std::uint32_t kMaxIdxImageSide = 1024;
inline constexpr std::uint32_t kMaxIdxItems = 10'000'000;

/// Greyscale images of one size, row-major, one byte per pixel (0 = background).
struct IdxImages {
    std::size_t count = 0, rows = 0, cols = 0;
    std::vector<std::uint8_t> pixels; ///< count × rows × cols
};

/// Reads an `idx3-ubyte` file of images (unsigned bytes, three dimensions: count, rows,
/// columns), gzipped when it starts with the gzip magic. Throws Error(Io) when the file cannot
/// be read, Error(ParseError) naming the file for a wrong magic number, a type other than
/// unsigned byte, other dimensions, a side larger than kMaxIdxImageSide or more than
/// kMaxIdxItems items, data shorter or longer than the header says, or damaged gzip data, and
/// Error(EmptyInput) for a file with no images.
IdxImages readIdxImages(const std::string& path);

/// Reads an `idx1-ubyte` file of labels (one unsigned byte per item); errors as readIdxImages.
std::vector<std::uint8_t> readIdxLabels(const std::string& path);

/// The same from bytes in memory (plain or gzipped); `name` stands for the file in messages.
IdxImages parseIdxImages(const std::string& bytes, const std::string& name);
std::vector<std::uint8_t> parseIdxLabels(const std::string& bytes, const std::string& name);

/// The bytes of an IDX file of images or labels (plain): for tests and for saving subsets.
std::string idxImagesBytes(const IdxImages& images);
std::string idxLabelsBytes(const std::vector<std::uint8_t>& labels);

} // namespace flicker
