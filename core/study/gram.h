// Private to core/study: Σ h hᵀ over the steps of a recording, or at each step over reviews,
// through LibTorch's BLAS.
#pragma once

#include <cstddef>
#include <vector>

namespace flicker::detail {

/// gram (H × H, row-major, doubles) += Hᵀ·H of the T × H float matrix `h`.
void addGram(const float* h, std::size_t steps, std::size_t units, std::vector<double>& gram);

} // namespace flicker::detail

namespace flicker::detail {

/// For each kept step steps[k] (0-based): grams[k·U² …] += Σ_r h_r(t) h_r(t)ᵀ and
/// sums[k·U …] += Σ_r h_r(t) over the reviews, each a T' × U row-major float matrix with
/// T' > every kept step. One batched product for all steps.
void addStepGrams(const std::vector<const float*>& reviews, const std::vector<std::size_t>& steps,
                  std::size_t units, std::vector<double>& grams, std::vector<double>& sums);

} // namespace flicker::detail
