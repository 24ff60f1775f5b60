// Writing recorded activations for other tools: a T × units float matrix as CSV (a header of
// unit names, one row per step) or as NumPy .npy (float32, shape (T, units), C order).
#pragma once

#include <span>
#include <string>
#include <vector>

namespace flicker {

/// Throws Error(Io) naming the file when it cannot be written completely (e.g. a full disk).
void writeMatrixCsv(const std::string& path, std::span<const float> values, std::size_t rows,
                    std::size_t columns, const std::string& columnPrefix = "unit_");
void writeMatrixNpy(const std::string& path, std::span<const float> values, std::size_t rows,
                    std::size_t columns);

/// Reads back a float32, C-order, 2-D .npy file (what writeMatrixNpy writes); for tests and
/// for importing recordings. Throws Error(ParseError) for anything else.
std::vector<float> readMatrixNpy(const std::string& path, std::size_t& rows, std::size_t& columns);

} // namespace flicker
