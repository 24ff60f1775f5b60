// Participation ratio of a cloud of points, (Σλ)² / Σλ² over the eigenvalues λ of its
// covariance: how many dimensions the points really fill. Plain C++ (no LibTorch), for any
// samples × units matrix — the RNN's hidden states at one step, an LSTM's h over a review.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace flicker {

/// (Σλ)² / Σλ² of the given eigenvalues (a covariance spectrum, all ≥ 0). 0 when they sum to 0
/// (no variance: no dimension is filled). Throws Error(InvalidArgument) for an empty or negative
/// spectrum, Error(NonFinite) for NaN or infinity.
double participationRatioOfSpectrum(std::span<const double> eigenvalues);

/// The PR of a symmetric covariance matrix (n × n, row-major): (tr C)² / ‖C‖²_F, which equals
/// (Σλ)² / Σλ² without an eigen-decomposition. 0 when tr C = 0.
double participationRatioOfCovariance(std::span<const double> covariance, std::size_t n);

/// The covariance (cols × cols, row-major) of the rows of `samples` (rows × cols, row-major):
/// each column centred on its mean, divided by n − 1. Throws Error(InvalidArgument) for fewer
/// than 2 rows or a size that is not rows · cols, Error(NonFinite) naming the first bad entry.
std::vector<double> covarianceMatrix(std::span<const double> samples, std::size_t rows,
                                     std::size_t cols);

/// The PR of the covariance of the rows of `samples` (rows = samples, cols = units; row-major),
/// centred per unit, n − 1 in the denominator (which cancels in the ratio). Computed through the
/// smaller of the units × units covariance and the samples × samples Gram matrix of the centred
/// data (they share their non-zero eigenvalues), so 500 × 200 costs 500·200²/2 multiply-adds.
/// 0 when every sample is the same. Errors as covarianceMatrix.
double participationRatio(std::span<const double> samples, std::size_t rows, std::size_t cols);
double participationRatio(std::span<const float> samples, std::size_t rows, std::size_t cols);

} // namespace flicker
