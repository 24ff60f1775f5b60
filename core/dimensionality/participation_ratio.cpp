#include "dimensionality/participation_ratio.h"

#include "error.h"

#include <cmath>
#include <string>

namespace flicker {
namespace {

void checkShape(std::size_t size, std::size_t rows, std::size_t cols) {
    if (rows < 2)
        throw Error(ErrorCode::InvalidArgument,
                    "a participation ratio needs at least 2 samples (got " + std::to_string(rows) +
                        "): the covariance of one point is not defined");
    if (cols == 0)
        throw Error(ErrorCode::InvalidArgument, "a participation ratio needs at least one unit");
    if (size != rows * cols)
        throw Error(ErrorCode::InvalidArgument,
                    "the samples hold " + std::to_string(size) + " values, not " +
                        std::to_string(rows) + " samples × " + std::to_string(cols) + " units");
}

// Centred copy of the samples in doubles, checked for NaN and infinity.
template <class T>
std::vector<double> centred(std::span<const T> samples, std::size_t rows, std::size_t cols) {
    checkShape(samples.size(), rows, cols);
    std::vector<double> x(samples.begin(), samples.end());
    std::vector<double> mean(cols, 0.0);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) {
            const double v = x[r * cols + c];
            if (!std::isfinite(v))
                throw Error(ErrorCode::NonFinite,
                            "sample " + std::to_string(r) + ", unit " + std::to_string(c) +
                                " is not a finite number; the participation ratio needs finite "
                                "activations");
            mean[c] += v;
        }
    for (double& m : mean)
        m /= double(rows);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c)
            x[r * cols + c] -= mean[c];
    return x;
}

// Upper triangle (and diagonal) of Xᵀ·X for the centred rows × cols matrix x: one rank-one
// update per row, the inner loop over contiguous memory so that it vectorises.
std::vector<double> upperGram(const std::vector<double>& x, std::size_t rows, std::size_t cols) {
    std::vector<double> g(cols * cols, 0.0);
    for (std::size_t r = 0; r < rows; ++r) {
        const double* row = x.data() + r * cols;
        for (std::size_t i = 0; i < cols; ++i) {
            const double a = row[i];
            double* gi = g.data() + i * cols;
            for (std::size_t j = i; j < cols; ++j)
                gi[j] += a * row[j];
        }
    }
    return g;
}

// (tr G)² / ‖G‖²_F from the upper triangle of a symmetric G.
double ratioOfUpper(const std::vector<double>& g, std::size_t n) {
    double trace = 0, frob = 0;
    for (std::size_t i = 0; i < n; ++i) {
        trace += g[i * n + i];
        frob += g[i * n + i] * g[i * n + i];
        for (std::size_t j = i + 1; j < n; ++j)
            frob += 2 * g[i * n + j] * g[i * n + j];
    }
    return frob > 0 ? trace * trace / frob : 0.0;
}

template <class T>
double participationRatioOf(std::span<const T> samples, std::size_t rows, std::size_t cols) {
    const std::vector<double> x = centred(samples, rows, cols);
    if (cols <= rows) return ratioOfUpper(upperGram(x, rows, cols), cols);
    // Fewer samples than units: X·Xᵀ (rows × rows) has the same non-zero eigenvalues as XᵀX.
    std::vector<double> xt(cols * rows);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c)
            xt[c * rows + r] = x[r * cols + c];
    return ratioOfUpper(upperGram(xt, cols, rows), rows);
}

} // namespace

double participationRatioOfSpectrum(std::span<const double> eigenvalues) {
    if (eigenvalues.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "a participation ratio needs at least one eigenvalue");
    double sum = 0, sum2 = 0;
    for (std::size_t k = 0; k < eigenvalues.size(); ++k) {
        const double l = eigenvalues[k];
        if (!std::isfinite(l))
            throw Error(ErrorCode::NonFinite,
                        "eigenvalue " + std::to_string(k) + " is not a finite number");
        if (l < 0)
            throw Error(ErrorCode::InvalidArgument, "eigenvalue " + std::to_string(k) +
                                                        " is negative (" + std::to_string(l) +
                                                        "); a covariance has none");
        sum += l;
        sum2 += l * l;
    }
    return sum2 > 0 ? sum * sum / sum2 : 0.0;
}

double participationRatioOfCovariance(std::span<const double> covariance, std::size_t n) {
    if (n == 0 || covariance.size() != n * n)
        throw Error(ErrorCode::InvalidArgument,
                    "a covariance of " + std::to_string(n) + " units has " + std::to_string(n * n) +
                        " entries, not " + std::to_string(covariance.size()));
    double trace = 0, frob = 0;
    for (std::size_t i = 0; i < n; ++i) {
        trace += covariance[i * n + i];
        for (std::size_t j = 0; j < n; ++j)
            frob += covariance[i * n + j] * covariance[i * n + j];
    }
    if (!std::isfinite(trace) || !std::isfinite(frob))
        throw Error(ErrorCode::NonFinite, "the covariance holds a value that is not finite");
    return frob > 0 ? trace * trace / frob : 0.0;
}

std::vector<double> covarianceMatrix(std::span<const double> samples, std::size_t rows,
                                     std::size_t cols) {
    const std::vector<double> x = centred(samples, rows, cols);
    std::vector<double> c = upperGram(x, rows, cols);
    for (std::size_t i = 0; i < cols; ++i)
        for (std::size_t j = i; j < cols; ++j) {
            c[i * cols + j] /= double(rows - 1);
            c[j * cols + i] = c[i * cols + j];
        }
    return c;
}

double participationRatio(std::span<const double> samples, std::size_t rows, std::size_t cols) {
    return participationRatioOf(samples, rows, cols);
}

double participationRatio(std::span<const float> samples, std::size_t rows, std::size_t cols) {
    return participationRatioOf(samples, rows, cols);
}

} // namespace flicker
