#include "dimensionality/logistic_regression.h"

#include "error.h"
#include "signal/random.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace flicker {
namespace {

double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z));
}

// log(1 + e^z) without overflow.
double softplus(double z) {
    return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

// Solves the symmetric positive definite system a·x = b (n × n, row-major) by Cholesky; a is
// overwritten. False when a is not positive definite (numerically).
bool solveCholesky(std::vector<double>& a, std::vector<double>& b, std::size_t n) {
    for (std::size_t j = 0; j < n; ++j) {
        double d = a[j * n + j];
        for (std::size_t k = 0; k < j; ++k)
            d -= a[j * n + k] * a[j * n + k];
        if (!(d > 0)) return false;
        const double l = std::sqrt(d);
        a[j * n + j] = l;
        for (std::size_t i = j + 1; i < n; ++i) {
            double s = a[i * n + j];
            const double* ai = a.data() + i * n;
            const double* aj = a.data() + j * n;
            for (std::size_t k = 0; k < j; ++k)
                s -= ai[k] * aj[k];
            a[i * n + j] = s / l;
        }
    }
    for (std::size_t i = 0; i < n; ++i) { // L y = b
        double s = b[i];
        for (std::size_t k = 0; k < i; ++k)
            s -= a[i * n + k] * b[k];
        b[i] = s / a[i * n + i];
    }
    for (std::size_t i = n; i-- > 0;) { // Lᵀ x = y
        double s = b[i];
        for (std::size_t k = i + 1; k < n; ++k)
            s -= a[k * n + i] * b[k];
        b[i] = s / a[i * n + i];
    }
    return true;
}

} // namespace

LogisticModel fitLogistic(std::span<const double> x, std::size_t rows, std::size_t cols,
                          std::span<const int> labels, const LogisticSettings& s) {
    if (rows == 0 || cols == 0 || x.size() != rows * cols || labels.size() != rows)
        throw Error(ErrorCode::InvalidArgument,
                    "logistic regression: " + std::to_string(x.size()) + " values and " +
                        std::to_string(labels.size()) + " labels do not make " +
                        std::to_string(rows) + " samples × " + std::to_string(cols) + " features");
    if (!(s.l2 >= 0) || s.maxIterations < 1)
        throw Error(ErrorCode::InvalidArgument,
                    "logistic regression: the penalty must be ≥ 0 and iterations ≥ 1");
    for (std::size_t i = 0; i < rows; ++i)
        if (labels[i] != 0 && labels[i] != 1)
            throw Error(ErrorCode::InvalidArgument, "logistic regression: label " +
                                                        std::to_string(i) + " is " +
                                                        std::to_string(labels[i]) + ", not 0 or 1");
    for (std::size_t k = 0; k < x.size(); ++k)
        if (!std::isfinite(x[k]))
            throw Error(ErrorCode::NonFinite, "logistic regression: sample " +
                                                  std::to_string(k / cols) + ", feature " +
                                                  std::to_string(k % cols) + " is not finite");
    // Coefficients θ = (w, b): n = cols + 1, the intercept last (never penalised).
    const std::size_t n = cols + 1;
    std::vector<double> theta(n, 0.0);
    auto margin = [&](const std::vector<double>& t, std::size_t i) {
        double z = t[cols];
        const double* xi = x.data() + i * cols;
        for (std::size_t c = 0; c < cols; ++c)
            z += t[c] * xi[c];
        return z;
    };
    auto objective = [&](const std::vector<double>& t) {
        double f = 0;
        for (std::size_t i = 0; i < rows; ++i) {
            const double z = margin(t, i);
            f += softplus(z) - (labels[i] ? z : 0.0);
        }
        for (std::size_t c = 0; c < cols; ++c)
            f += 0.5 * s.l2 * t[c] * t[c];
        return f;
    };
    LogisticModel model;
    double current = objective(theta);
    constexpr std::size_t kBlock = 4;
    std::vector<double> hessian(n * n), gradient(n), block(kBlock * n);
    for (int it = 1; it <= s.maxIterations; ++it) {
        std::fill(hessian.begin(), hessian.end(), 0.0);
        std::fill(gradient.begin(), gradient.end(), 0.0);
        // H = Σ_i w_i·x_i·x_iᵀ, four samples at a time: each pass over H's lower triangle adds
        // four rank-one terms, so H moves through the cache a quarter as often (H of 201 × 201
        // doubles does not fit in L1; this loop is most of the lab's measuring time).
        for (std::size_t i0 = 0; i0 < rows; i0 += kBlock) {
            const std::size_t m = std::min(kBlock, rows - i0);
            std::fill(block.begin(), block.end(), 0.0); // rows past the end add nothing
            double w[kBlock] = {};
            for (std::size_t q = 0; q < m; ++q) {
                const std::size_t i = i0 + q;
                const double p = sigmoid(margin(theta, i));
                const double r = p - labels[i];
                w[q] = std::max(p * (1 - p), 1e-12);
                const double* xi = x.data() + i * cols;
                double* bq = block.data() + q * n;
                for (std::size_t c = 0; c < cols; ++c) {
                    gradient[c] += r * xi[c];
                    bq[c] = xi[c];
                }
                gradient[cols] += r;
                bq[cols] = 1;
            }
            const double *b0 = block.data(), *b1 = b0 + n, *b2 = b1 + n, *b3 = b2 + n;
            for (std::size_t a = 0; a < n; ++a) {
                double* ha = hessian.data() + a * n;
                const double w0 = w[0] * b0[a], w1 = w[1] * b1[a], w2 = w[2] * b2[a],
                             w3 = w[3] * b3[a];
                for (std::size_t b = 0; b <= a; ++b) // lower triangle: what Cholesky reads
                    ha[b] += w0 * b0[b] + w1 * b1[b] + w2 * b2[b] + w3 * b3[b];
            }
        }
        for (std::size_t c = 0; c < cols; ++c) {
            gradient[c] += s.l2 * theta[c];
            hessian[c * n + c] += s.l2;
        }
        hessian[cols * n + cols] += 1e-10; // keeps a constant feature from making it singular
        std::vector<double> step = gradient;
        if (!solveCholesky(hessian, step, n)) step = gradient; // fall back to gradient descent
        // Halve the Newton step until the objective does not rise.
        double scale = 1, next = current;
        std::vector<double> trial(n);
        for (int h = 0; h < 40; ++h, scale *= 0.5) {
            for (std::size_t a = 0; a < n; ++a)
                trial[a] = theta[a] - scale * step[a];
            next = objective(trial);
            if (next <= current) break;
        }
        double change = 0;
        for (std::size_t a = 0; a < n; ++a)
            change = std::max(change, std::abs(trial[a] - theta[a]));
        model.iterations = it;
        if (next > current) break; // no step lowers it: at the minimum to rounding
        theta = trial;
        current = next;
        if (change < s.tolerance) {
            model.converged = true;
            break;
        }
    }
    if (!model.converged) {
        // Converged also when the gradient vanished even though the last step was refused.
        double g = 0;
        for (double v : gradient)
            g = std::max(g, std::abs(v));
        model.converged = g < 1e-8 * double(rows);
    }
    model.weights.assign(theta.begin(), theta.begin() + std::ptrdiff_t(cols));
    model.intercept = theta[cols];
    return model;
}

double logisticProbability(const LogisticModel& model, std::span<const double> sample) {
    double z = model.intercept;
    for (std::size_t c = 0; c < model.weights.size() && c < sample.size(); ++c)
        z += model.weights[c] * sample[c];
    return sigmoid(z);
}

double logisticAccuracy(const LogisticModel& model, std::span<const double> x, std::size_t rows,
                        std::size_t cols, std::span<const int> labels) {
    if (rows == 0) return 0;
    std::size_t right = 0;
    for (std::size_t i = 0; i < rows; ++i)
        right += (logisticProbability(model, x.subspan(i * cols, cols)) > 0.5) == (labels[i] == 1);
    return double(right) / double(rows);
}

double heldOutGeneralisation(std::span<const double> x, std::size_t rows, std::size_t cols,
                             std::span<const int> labels, std::span<const int> clusters,
                             const GeneralisationSettings& s) {
    if (labels.size() != rows || clusters.size() != rows || x.size() != rows * cols)
        throw Error(ErrorCode::InvalidArgument,
                    "held-out generalisation: samples, labels and clusters differ in number");
    if (!(s.heldOutFraction > 0 && s.heldOutFraction < 1) || s.repeats < 1)
        throw Error(ErrorCode::InvalidArgument,
                    "held-out generalisation: the held-out fraction must be in (0, 1) and repeats "
                    "≥ 1");
    // The clusters of each class.
    std::map<int, std::vector<int>> byClass;
    {
        std::map<int, int> labelOf;
        for (std::size_t i = 0; i < rows; ++i)
            labelOf[clusters[i]] = labels[i];
        for (const auto& [c, l] : labelOf)
            byClass[l].push_back(c);
    }
    if (byClass.size() != 2 || byClass.begin()->second.size() < 2 ||
        byClass.rbegin()->second.size() < 2)
        throw Error(ErrorCode::InvalidArgument,
                    "held-out generalisation needs two classes of at least 2 clusters each");
    Rng rng(s.seed);
    double sum = 0;
    for (int r = 0; r < s.repeats; ++r) {
        std::map<int, bool> heldOut;
        for (auto& [label, members] : byClass) {
            std::vector<int> order = members;
            for (std::size_t i = order.size(); i > 1; --i)
                std::swap(order[i - 1], order[rng.below(i)]);
            const std::size_t k = std::clamp<std::size_t>(
                std::size_t(std::lround(s.heldOutFraction * double(order.size()))), 1,
                order.size() - 1);
            for (std::size_t i = 0; i < k; ++i)
                heldOut[order[i]] = true;
        }
        std::vector<double> trainX, testX;
        std::vector<int> trainY, testY;
        for (std::size_t i = 0; i < rows; ++i) {
            const bool test = heldOut.count(clusters[i]) > 0;
            auto& dst = test ? testX : trainX;
            dst.insert(dst.end(), x.begin() + std::ptrdiff_t(i * cols),
                       x.begin() + std::ptrdiff_t(i * cols + cols));
            (test ? testY : trainY).push_back(labels[i]);
        }
        const LogisticModel m = fitLogistic(trainX, trainY.size(), cols, trainY, s.logistic);
        sum += logisticAccuracy(m, testX, testY.size(), cols, testY);
    }
    return sum / double(s.repeats);
}

} // namespace flicker
