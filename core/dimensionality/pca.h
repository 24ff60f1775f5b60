// Principal-component projection of a cloud of points (the hidden states at one step) onto its
// top components, for the lab's PCA snapshots. Plain C++: covariance, then power iteration
// with deflation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace flicker {

struct PcaProjection {
    std::size_t rows = 0, components = 0;
    std::vector<double> coordinates; ///< rows × components, row-major: each sample's scores
    std::vector<double> variances;   ///< per component: its covariance eigenvalue
    std::vector<double> axes;        ///< components × cols, row-major, unit length
    double totalVariance = 0;        ///< trace of the covariance
};

/// Projects the centred rows of `samples` (rows × cols) onto the `components` leading
/// eigenvectors of their covariance (n − 1). Each axis' sign is fixed so that its entry of
/// largest modulus is positive (the same data gives the same picture). Errors as
/// covarianceMatrix; Error(InvalidArgument) for components = 0 or > cols.
PcaProjection pcaProject(std::span<const double> samples, std::size_t rows, std::size_t cols,
                         std::size_t components = 2);

} // namespace flicker
