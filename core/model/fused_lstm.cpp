// The fused LSTM layer (fused_lstm.h): forward and backward through time written out, with
// preallocated time-major buffers, so that a training step costs two large products for the
// inputs, one small product per step each way, and three large products for the weights.
#include "model/fused_lstm.h"

#include <ATen/Parallel.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace flicker::detail {
namespace {

using torch::Tensor;
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// exp, sigmoid and tanh without branches or library calls, so that the gate loops below
// vectorise (glibc's expf does not, and is most of the cost of a scalar loop). exp: Cephes'
// range reduction and polynomial (≈ 2 ulp); tanh: Cephes' odd polynomial below 0.625 (where
// 1 − 2/(e^{2x} + 1) would cancel), the exp form above. float64 uses libm: the exact reference.
__attribute__((always_inline)) inline float expApprox(float x) {
    x = x < -87.0f ? -87.0f : x;
    x = x > 88.0f ? 88.0f : x;
    const float shifter = 12582912.0f; // 1.5 · 2^23: adding and subtracting it rounds
    const float k = (x * 1.44269504088896341f + shifter) - shifter;
    float r = x - k * 0.693359375f; // x − k ln 2 in two parts (Cody–Waite)
    r = r - k * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    return p * std::bit_cast<float>((int(k) + 127) << 23);
}

__attribute__((always_inline)) inline float sigmoidOf(float x) {
    return 1.0f / (1.0f + expApprox(-x));
}
inline double sigmoidOf(double x) {
    return 1.0 / (1.0 + std::exp(-x));
}

__attribute__((always_inline)) inline float tanhOf(float x) {
    const float a = x < 0 ? -x : x;
    const float z = x * x;
    const float small =
        ((((-5.70498872745e-3f * z + 2.06390887954e-2f) * z - 5.37397155531e-2f) * z +
          1.33314422036e-1f) *
             z -
         3.33332819422e-1f) *
            z * x +
        x;
    const float large = 1.0f - 2.0f / (expApprox(2.0f * a) + 1.0f);
    return a < 0.625f ? small : (x < 0 ? -large : large);
}
inline double tanhOf(double x) {
    return std::tanh(x);
}

// One step of the cell for `rows` batch rows: gates holds the pre-activations (rows × 4H,
// blocks i, f, g, o) and receives the activations; c, h and tanh(c) of the step are written.
template <class S>
__attribute__((always_inline)) inline void
forwardCellsBody(S* __restrict gates, const S* __restrict cPrev, S* __restrict c, S* __restrict h,
                 S* __restrict tanhC, std::int64_t rows, std::int64_t H) {
    for (std::int64_t r = 0; r < rows; ++r) {
        S* g = gates + r * 4 * H;
        const std::int64_t o = r * H;
        for (std::int64_t j = 0; j < H; ++j) {
            const S ig = sigmoidOf(g[j]);
            const S fg = sigmoidOf(g[H + j]);
            const S gg = tanhOf(g[2 * H + j]);
            const S og = sigmoidOf(g[3 * H + j]);
            const S cn = fg * cPrev[o + j] + ig * gg;
            const S tc = tanhOf(cn);
            g[j] = ig;
            g[H + j] = fg;
            g[2 * H + j] = gg;
            g[3 * H + j] = og;
            c[o + j] = cn;
            tanhC[o + j] = tc;
            h[o + j] = og * tc;
        }
    }
}

// Backward through one step: from the gate activations, c_{t−1}, tanh(c_t), the whole
// gradient dh on h_t and dc on c_t (replaced by the gradient on c_{t−1}), writes the gradient
// on the pre-activations over the activations in `gates`.
template <class S>
__attribute__((always_inline)) inline void
backwardCellsBody(S* __restrict gates, const S* __restrict cPrev, const S* __restrict tanhC,
                  const S* __restrict dh, S* __restrict dc, std::int64_t rows, std::int64_t H) {
    for (std::int64_t r = 0; r < rows; ++r) {
        S* g = gates + r * 4 * H;
        const std::int64_t o = r * H;
        for (std::int64_t j = 0; j < H; ++j) {
            const S ig = g[j], fg = g[H + j], gg = g[2 * H + j], og = g[3 * H + j];
            const S tc = tanhC[o + j];
            const S d = dh[o + j];
            const S dcTotal = dc[o + j] + d * og * (S(1) - tc * tc);
            g[j] = dcTotal * gg * ig * (S(1) - ig);
            g[H + j] = dcTotal * cPrev[o + j] * fg * (S(1) - fg);
            g[2 * H + j] = dcTotal * ig * (S(1) - gg * gg);
            g[3 * H + j] = d * tc * og * (S(1) - og);
            dc[o + j] = dcTotal * fg;
        }
    }
}

// Compiled for AVX-512, AVX2 and the baseline, picked at load time (as udfaWindows).
__attribute__((target_clones("avx512f", "avx2", "default"))) void
forwardCells(float* gates, const float* cPrev, float* c, float* h, float* tanhC, std::int64_t rows,
             std::int64_t H) {
    forwardCellsBody(gates, cPrev, c, h, tanhC, rows, H);
}
void forwardCells(double* gates, const double* cPrev, double* c, double* h, double* tanhC,
                  std::int64_t rows, std::int64_t H) {
    forwardCellsBody(gates, cPrev, c, h, tanhC, rows, H);
}
__attribute__((target_clones("avx512f", "avx2", "default"))) void
backwardCells(float* gates, const float* cPrev, const float* tanhC, const float* dh, float* dc,
              std::int64_t rows, std::int64_t H) {
    backwardCellsBody(gates, cPrev, tanhC, dh, dc, rows, H);
}
void backwardCells(double* gates, const double* cPrev, const double* tanhC, const double* dh,
                   double* dc, std::int64_t rows, std::int64_t H) {
    backwardCellsBody(gates, cPrev, tanhC, dh, dc, rows, H);
}

// Refuses misuse with std::invalid_argument (not TORCH_CHECK, which would put this file's path
// into the binaries: the package must carry no path of the build machine).
void require(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(what);
}

// Inside at::parallel_for: grad mode is thread-local, and libgomp's worker threads do not
// inherit the caller's (an autograd function runs its forward and backward with it off), so
// the raw products here would be refused there as "out= with requires_grad".
struct WorkerGuard {
    torch::NoGradGuard noGrad;
};

// Batch rows per thread at least: fewer would cost more in products' overhead than it saves.
constexpr std::int64_t kRowsPerThread = 8;
// Rows of a large product per thread at least.
constexpr std::int64_t kProductRowsPerThread = 64;

// out = bias + a·b (bias undefined: a·b), in blocks of a's rows over torch's threads. OpenBLAS
// runs one thread inside LibTorch here (configureTorchThreads: its own pool fights torch's), so
// a large product would otherwise leave the other cores idle. `out` is contiguous.
void productByRows(const Tensor& out, const Tensor& a, const Tensor& b, const Tensor& bias = {}) {
    at::parallel_for(0, a.size(0), kProductRowsPerThread, [&](std::int64_t r0, std::int64_t r1) {
        const WorkerGuard guard;
        Tensor block = out.narrow(0, r0, r1 - r0);
        if (bias.defined())
            at::addmm_out(block, bias, a.narrow(0, r0, r1 - r0), b);
        else
            at::mm_out(block, a.narrow(0, r0, r1 - r0), b);
    });
}

// out = a.t()·b (a: K × M, b: K × N, out M × N) for the weights' gradients, a sum over all
// K = steps × batch rows: split over the threads by output rows (columns of a), so that no
// partial sums need adding.
void productOfTransposed(const Tensor& out, const Tensor& a, const Tensor& b) {
    at::parallel_for(0, a.size(1), kProductRowsPerThread / 4,
                     [&](std::int64_t c0, std::int64_t c1) {
                         const WorkerGuard guard;
                         Tensor block = out.narrow(0, c0, c1 - c0);
                         at::mm_out(block, a.narrow(1, c0, c1 - c0).t(), b);
                     });
}

template <class S>
void forwardSteps(const Tensor& gates, const Tensor& cs, const Tensor& hs, const Tensor& tanhC,
                  const Tensor& whhT) {
    const std::int64_t T = gates.size(0), B = gates.size(1), H = hs.size(2);
    at::parallel_for(0, B, kRowsPerThread, [&](std::int64_t b0, std::int64_t b1) {
        const WorkerGuard guard;
        const std::int64_t rows = b1 - b0;
        for (std::int64_t t = 0; t < T; ++t) {
            Tensor g = gates[t].narrow(0, b0, rows);
            g.addmm_(hs[t].narrow(0, b0, rows), whhT);
            forwardCells(g.data_ptr<S>(), cs[t].data_ptr<S>() + b0 * H,
                         cs[t + 1].data_ptr<S>() + b0 * H, hs[t + 1].data_ptr<S>() + b0 * H,
                         tanhC[t].data_ptr<S>() + b0 * H, rows, H);
        }
    });
}

// Walks back from step T−1 to 0: gates (activations) becomes the pre-activation gradient dG,
// dc the gradient on c_0; returns nothing, dh0 receives the gradient on h_0.
template <class S>
void backwardSteps(const Tensor& gates, const Tensor& cs, const Tensor& tanhC, const Tensor& dOut,
                   const Tensor& dhLast, const Tensor& dc, const Tensor& dh0, const Tensor& whh) {
    const std::int64_t T = gates.size(0), B = gates.size(1), H = cs.size(2);
    at::parallel_for(0, B, kRowsPerThread, [&](std::int64_t b0, std::int64_t b1) {
        const WorkerGuard guard;
        const std::int64_t rows = b1 - b0;
        Tensor dh = (dhLast.narrow(0, b0, rows) + dOut[T - 1].narrow(0, b0, rows)).contiguous();
        Tensor next = torch::empty_like(dh);
        S* dcRows = dc.data_ptr<S>() + b0 * H;
        for (std::int64_t t = T - 1; t >= 0; --t) {
            Tensor g = gates[t].narrow(0, b0, rows);
            backwardCells(g.data_ptr<S>(), cs[t].data_ptr<S>() + b0 * H,
                          tanhC[t].data_ptr<S>() + b0 * H, dh.data_ptr<S>(), dcRows, rows, H);
            // dh_{t−1} = dOut_{t−1} + dG_t W_hh: the recurrent gradient in one product.
            if (t > 0)
                at::addmm_out(next, dOut[t - 1].narrow(0, b0, rows), g, whh);
            else
                at::mm_out(next, g, whh);
            std::swap(dh, next);
        }
        dh0.narrow(0, b0, rows).copy_(dh);
    });
}

class FusedLstmFunction : public torch::autograd::Function<FusedLstmFunction> {
public:
    static variable_list forward(AutogradContext* ctx, const Tensor& x, const Tensor& wih,
                                 const Tensor& whh, const Tensor& bih, const Tensor& bhh,
                                 const Tensor& h0, const Tensor& c0) {
        const std::int64_t B = x.size(0), T = x.size(1), E = x.size(2), H = whh.size(1);
        const Tensor xt = x.transpose(0, 1).contiguous(); // T × B × E, time-major
        // The input half of every gate of every step: one product.
        const auto options = x.options();
        Tensor gates = torch::empty({T, B, 4 * H}, options);
        productByRows(gates.view({T * B, 4 * H}), xt.view({T * B, E}), wih.t(), bih + bhh);
        Tensor cs = torch::empty({T + 1, B, H}, options);
        Tensor hs = torch::empty({T + 1, B, H}, options);
        Tensor tanhC = torch::empty({T, B, H}, options);
        cs[0].copy_(c0);
        hs[0].copy_(h0);
        const Tensor whhT = whh.t();
        if (x.scalar_type() == torch::kFloat)
            forwardSteps<float>(gates, cs, hs, tanhC, whhT);
        else
            forwardSteps<double>(gates, cs, hs, tanhC, whhT);
        ctx->save_for_backward({wih, whh});
        ctx->saved_data["xt"] = xt;
        ctx->saved_data["gates"] = gates;
        ctx->saved_data["cs"] = cs;
        ctx->saved_data["hs"] = hs;
        ctx->saved_data["tanhC"] = tanhC;
        const Tensor output = hs.narrow(0, 1, T).transpose(0, 1).contiguous();
        return {output, hs[T].clone(), cs[T].clone()};
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        // The gate buffer turns into the gradient below: a second backward would read that.
        require(ctx->saved_data.find("done") == ctx->saved_data.end(),
                "fusedLstm: backward through the same forward twice (retain_graph)");
        ctx->saved_data["done"] = true;
        const auto saved = ctx->get_saved_variables();
        const Tensor& wih = saved[0];
        const Tensor& whh = saved[1];
        const Tensor xt = ctx->saved_data["xt"].toTensor();
        Tensor gates = ctx->saved_data["gates"].toTensor(); // becomes dG in place
        const Tensor cs = ctx->saved_data["cs"].toTensor();
        const Tensor hs = ctx->saved_data["hs"].toTensor();
        const Tensor tanhC = ctx->saved_data["tanhC"].toTensor();
        const std::int64_t T = gates.size(0), B = gates.size(1), H = whh.size(1);
        const std::int64_t E = xt.size(2);
        const auto options = gates.options();
        const Tensor dOut = grads[0].defined() ? grads[0].transpose(0, 1).contiguous()
                                               : torch::zeros({T, B, H}, options);
        const Tensor dhLast = grads[1].defined() ? grads[1] : torch::zeros({B, H}, options);
        Tensor dc =
            grads[2].defined() ? grads[2].contiguous().clone() : torch::zeros({B, H}, options);
        Tensor dh0 = torch::empty({B, H}, options);
        if (gates.scalar_type() == torch::kFloat)
            backwardSteps<float>(gates, cs, tanhC, dOut, dhLast, dc, dh0, whh);
        else
            backwardSteps<double>(gates, cs, tanhC, dOut, dhLast, dc, dh0, whh);
        // The weights' gradients over all steps at once: three large products and a sum.
        const Tensor dG = gates.view({T * B, 4 * H});
        Tensor dx, dwih, dwhh, db;
        if (ctx->needs_input_grad(0)) {
            dx = torch::empty({T * B, E}, options);
            productByRows(dx, dG, wih);
            dx = dx.view({T, B, E}).transpose(0, 1).contiguous();
        }
        if (ctx->needs_input_grad(1)) {
            dwih = torch::empty({4 * H, E}, options);
            productOfTransposed(dwih, dG, xt.view({T * B, E}));
        }
        if (ctx->needs_input_grad(2)) {
            dwhh = torch::empty({4 * H, H}, options);
            productOfTransposed(dwhh, dG, hs.narrow(0, 0, T).reshape({T * B, H}));
        }
        if (ctx->needs_input_grad(3) || ctx->needs_input_grad(4)) db = dG.sum(0);
        return {dx, dwih, dwhh, db, db, dh0, dc};
    }
};

} // namespace

std::vector<torch::Tensor> fusedLstm(const torch::Tensor& x, const torch::Tensor& weightIh,
                                     const torch::Tensor& weightHh, const torch::Tensor& biasIh,
                                     const torch::Tensor& biasHh, const torch::Tensor& h0,
                                     const torch::Tensor& c0) {
    require(x.dim() == 3, "fusedLstm: x must be B × T × E");
    require(x.scalar_type() == torch::kFloat || x.scalar_type() == torch::kDouble,
            "fusedLstm: float32 or float64 only");
    const std::int64_t B = x.size(0), H = weightHh.size(1);
    require(x.size(1) >= 1 && weightIh.size(1) == x.size(2) && weightHh.size(0) == 4 * H &&
                weightIh.size(0) == 4 * H,
            "fusedLstm: sizes of x and the weights do not fit");
    require(biasIh.numel() == 4 * H && biasHh.numel() == 4 * H,
            "fusedLstm: the biases must have 4H values");
    for (const torch::Tensor* state : {&h0, &c0}) {
        const bool fits =
            !state->defined() || (state->dim() == 2 && state->size(0) == B && state->size(1) == H);
        require(fits, "fusedLstm: h0 and c0 must be B × H");
    }
    const auto zeros = [&] { return torch::zeros({B, H}, x.options()); };
    return FusedLstmFunction::apply(x, weightIh, weightHh, biasIh, biasHh,
                                    h0.defined() ? h0 : zeros(), c0.defined() ? c0 : zeros());
}

} // namespace flicker::detail
