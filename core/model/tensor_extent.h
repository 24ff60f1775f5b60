// Whether a tensor described by a file (storage size, offset, sizes, strides) stays inside its
// storage: the arithmetic of TorchScript import's check, in plain C++ so it can be tested and
// fuzzed without LibTorch.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace flicker::detail {

/// Why a tensor of `itemSize`-byte elements, starting at element `offset` of a storage of
/// `storageBytes` bytes, with these sizes and strides (in elements), would read outside its
/// storage — or nothing when every element it can address lies inside. A tensor with a size 0
/// reads nothing and is fine whatever its strides (but never with a negative one).
std::optional<std::string> tensorExtentProblem(std::int64_t itemSize, std::int64_t storageBytes,
                                               std::int64_t offset,
                                               std::span<const std::int64_t> sizes,
                                               std::span<const std::int64_t> strides);

} // namespace flicker::detail
