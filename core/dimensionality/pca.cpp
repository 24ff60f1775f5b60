#include "dimensionality/pca.h"

#include "dimensionality/participation_ratio.h"
#include "error.h"

#include <cmath>
#include <string>

namespace flicker {

PcaProjection pcaProject(std::span<const double> samples, std::size_t rows, std::size_t cols,
                         std::size_t components) {
    if (components == 0 || components > cols)
        throw Error(ErrorCode::InvalidArgument, "PCA: ask for 1 … " + std::to_string(cols) +
                                                    " components, not " +
                                                    std::to_string(components));
    std::vector<double> c = covarianceMatrix(samples, rows, cols);
    PcaProjection p;
    p.rows = rows;
    p.components = components;
    for (std::size_t i = 0; i < cols; ++i)
        p.totalVariance += c[i * cols + i];
    std::vector<double> v(cols), next(cols);
    for (std::size_t k = 0; k < components; ++k) {
        // Start from a fixed, generic vector; power iteration until the direction settles (at most
        // 500 steps: when two variances are nearly equal the axis is ill-defined anyway).
        for (std::size_t i = 0; i < cols; ++i)
            v[i] = 1.0 + 0.1 * double((i * 7919 + k * 104729) % 97) / 97.0;
        double lambda = 0;
        for (int it = 0; it < 500; ++it) {
            double norm = 0;
            for (std::size_t i = 0; i < cols; ++i) {
                double s = 0;
                for (std::size_t j = 0; j < cols; ++j)
                    s += c[i * cols + j] * v[j];
                next[i] = s;
                norm += s * s;
            }
            norm = std::sqrt(norm);
            if (norm == 0) { // nothing left: a zero component
                lambda = 0;
                break;
            }
            double change = 0;
            for (std::size_t i = 0; i < cols; ++i) {
                next[i] /= norm;
                change = std::max(change, std::abs(next[i] - v[i]));
            }
            v.swap(next);
            lambda = norm;
            if (change < 1e-10) break;
        }
        std::size_t big = 0;
        for (std::size_t i = 1; i < cols; ++i)
            if (std::abs(v[i]) > std::abs(v[big])) big = i;
        if (v[big] < 0)
            for (double& x : v)
                x = -x;
        p.variances.push_back(lambda);
        p.axes.insert(p.axes.end(), v.begin(), v.end());
        for (std::size_t i = 0; i < cols; ++i) // deflate: C ← C − λ v vᵀ
            for (std::size_t j = 0; j < cols; ++j)
                c[i * cols + j] -= lambda * v[i] * v[j];
    }
    std::vector<double> mean(cols, 0.0);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t j = 0; j < cols; ++j)
            mean[j] += samples[r * cols + j] / double(rows);
    p.coordinates.assign(rows * components, 0.0);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t k = 0; k < components; ++k) {
            double s = 0;
            for (std::size_t j = 0; j < cols; ++j)
                s += (samples[r * cols + j] - mean[j]) * p.axes[k * cols + j];
            p.coordinates[r * components + k] = s;
        }
    return p;
}

} // namespace flicker
