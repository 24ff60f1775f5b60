// Private to core/study: Σ h hᵀ over the steps of a recording, through LibTorch's BLAS.
#pragma once

#include <cstddef>
#include <vector>

namespace flicker::detail {

/// gram (H × H, row-major, doubles) += Hᵀ·H of the T × H float matrix `h`.
void addGram(const float* h, std::size_t steps, std::size_t units, std::vector<double>& gram);

} // namespace flicker::detail
