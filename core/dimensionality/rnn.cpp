#include "dimensionality/rnn.h"

#include "error.h"
#include "signal/random.h"

#include <torch/torch.h>

#include <cmath>

namespace flicker {
namespace {

torch::Tensor asTensor(std::span<const double> v, std::int64_t rows, std::int64_t cols) {
    return torch::from_blob(const_cast<double*>(v.data()), {rows, cols}, torch::kDouble).clone();
}

std::vector<double> asVector(const torch::Tensor& t) {
    const torch::Tensor c = t.contiguous().to(torch::kDouble);
    return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

// Orthonormal columns: Gram–Schmidt (twice, for accuracy) on d Gaussian columns of length n;
// returned n × d, row-major.
std::vector<double> truncatedOrthogonal(std::size_t n, std::size_t d, Rng& rng) {
    std::vector<double> cols(d * n);
    for (double& v : cols)
        v = rng.normal();
    for (std::size_t j = 0; j < d; ++j) {
        double* cj = cols.data() + j * n;
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t i = 0; i < j; ++i) {
                const double* ci = cols.data() + i * n;
                double dot = 0;
                for (std::size_t m = 0; m < n; ++m)
                    dot += ci[m] * cj[m];
                for (std::size_t m = 0; m < n; ++m)
                    cj[m] -= dot * ci[m];
            }
        double norm = 0;
        for (std::size_t m = 0; m < n; ++m)
            norm += cj[m] * cj[m];
        norm = std::sqrt(norm);
        for (std::size_t m = 0; m < n; ++m)
            cj[m] /= norm;
    }
    std::vector<double> out(n * d);
    for (std::size_t j = 0; j < d; ++j)
        for (std::size_t m = 0; m < n; ++m)
            out[m * d + j] = cols[j * n + m];
    return out;
}

} // namespace

const char* inputMappingName(InputMapping m) {
    return m == InputMapping::FirstUnits ? "first-units" : "orthogonal";
}

double spectralRadius(std::span<const double> a, std::size_t n) {
    if (n == 0 || a.size() != n * n)
        throw Error(ErrorCode::InvalidArgument, "spectral radius: the matrix is not n × n");
    torch::NoGradGuard noGrad;
    const auto N = std::int64_t(n);
    const torch::Tensor eig = torch::linalg_eigvals(asTensor(a, N, N));
    return eig.abs().max().item<double>();
}

RnnWeights initialRnn(const RnnSettings& s, std::uint64_t seed) {
    const std::size_t n = s.units, d = s.inputDim;
    if (n < 2 || n > 2048)
        throw Error(ErrorCode::InvalidArgument,
                    "the RNN needs 2 … 2048 units (got " + std::to_string(n) + ")");
    if (d < 1 || d > 4096 || (s.inputMapping == InputMapping::FirstUnits && d > n))
        throw Error(ErrorCode::InvalidArgument,
                    "input dimension " + std::to_string(d) +
                        " is out of range (1 … 4096, and at most the units when the inputs drive "
                        "the first units)");
    if (!(s.gamma > 0) || !std::isfinite(s.gamma) || !(s.dt > 0 && s.dt <= 1) || s.outputs < 2 ||
        !(s.readoutSd >= 0))
        throw Error(ErrorCode::InvalidArgument,
                    "RNN settings out of range: γ > 0 (finite), dt in (0, 1], outputs ≥ 2, "
                    "readout SD ≥ 0");
    Rng rng(seed);
    RnnWeights net;
    net.units = n;
    net.inputs = d;
    net.outputs = s.outputs;
    std::vector<double> j(n * n);
    const double sd = 1 / std::sqrt(double(n));
    for (double& v : j)
        v = sd * rng.normal();
    const double radius = spectralRadius(j, n);
    net.w.resize(n * n);
    std::vector<double> scaled(n * n);
    for (std::size_t k = 0; k < n * n; ++k)
        scaled[k] = s.gamma * j[k] / radius;
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < n; ++c)
            net.w[r * n + c] = (r == c ? 1 - s.dt : 0.0) + s.dt * scaled[r * n + c];
    net.connectivityRadius = spectralRadius(scaled, n);
    if (s.inputMapping == InputMapping::FirstUnits) {
        net.wIn.assign(n * d, 0.0);
        for (std::size_t k = 0; k < d; ++k)
            net.wIn[k * d + k] = 1;
    } else {
        net.wIn = truncatedOrthogonal(n, d, rng);
        double meanAbs = 0;
        for (double v : net.wIn)
            meanAbs += std::abs(v) / double(net.wIn.size());
        for (double& v : net.wIn)
            v /= meanAbs * std::sqrt(double(d));
    }
    net.b.assign(n, 0.0);
    net.wOut.resize(s.outputs * n);
    for (double& v : net.wOut)
        v = s.readoutSd / std::sqrt(double(n)) * rng.normal();
    net.bOut.assign(s.outputs, 0.0);
    return net;
}

std::vector<double> rnnStep(const RnnWeights& net, std::span<const double> h,
                            std::span<const double> x) {
    const std::size_t n = net.units, d = net.inputs;
    if (h.size() != n || (!x.empty() && x.size() != d))
        throw Error(ErrorCode::InvalidArgument, "RNN step: the state or input has the wrong size");
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        double z = net.b[i];
        for (std::size_t m = 0; m < n; ++m)
            z += net.w[i * n + m] * h[m];
        for (std::size_t m = 0; m < x.size(); ++m)
            z += net.wIn[i * d + m] * x[m];
        out[i] = std::tanh(z);
    }
    return out;
}

std::vector<std::vector<double>> hiddenStates(const RnnWeights& net, std::span<const double> inputs,
                                              std::size_t count, std::size_t steps) {
    if (inputs.size() != count * net.inputs)
        throw Error(ErrorCode::InvalidArgument, "hidden states: the inputs are not " +
                                                    std::to_string(count) + " × " +
                                                    std::to_string(net.inputs));
    torch::NoGradGuard noGrad;
    const auto n = std::int64_t(net.units), d = std::int64_t(net.inputs);
    const torch::Tensor wT = asTensor(net.w, n, n).t();
    const torch::Tensor b = asTensor(net.b, 1, n);
    torch::Tensor h = asTensor(inputs, std::int64_t(count), d).mm(asTensor(net.wIn, n, d).t());
    std::vector<std::vector<double>> out;
    for (std::size_t t = 1; t <= steps; ++t) {
        h = t == 1 ? torch::tanh(h + b) : torch::tanh(h.mm(wT) + b);
        out.push_back(asVector(h));
    }
    return out;
}

std::vector<double> readout(const RnnWeights& net, std::span<const double> states,
                            std::size_t count) {
    torch::NoGradGuard noGrad;
    const auto n = std::int64_t(net.units), o = std::int64_t(net.outputs);
    return asVector(asTensor(states, std::int64_t(count), n).mm(asTensor(net.wOut, o, n).t()) +
                    asTensor(net.bOut, 1, o));
}

} // namespace flicker
