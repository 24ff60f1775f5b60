#include "support/fused_lstm_check.h"

#include "model/fused_lstm.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace flicker::testing {
namespace {

using torch::Tensor;

double relative(const Tensor& a, const Tensor& b) {
    const double scale = b.abs().max().item<double>();
    const double diff = (a - b).abs().max().item<double>();
    return diff / std::max(scale, 1e-300);
}

struct Inputs {
    Tensor x, wih, whh, bih, bhh, h0, c0; // leaves; h0, c0 undefined without initialState
    Tensor lengths;                       // padded cases: B, int64
    Tensor weightOut, weightH, weightC;   // random loss weights
};

// Results, then gradients on x, the four parameters, h0 and c0.
struct Run {
    Tensor output, hLast, cLast, readout;
    std::vector<Tensor> grads;
};

std::vector<Tensor> leaves(const Inputs& in) {
    std::vector<Tensor> out;
    for (const Tensor& t : {in.x, in.wih, in.whh, in.bih, in.bhh, in.h0, in.c0})
        out.push_back(t.defined() ? t.detach().clone().requires_grad_(true) : Tensor());
    return out;
}

Run run(const Inputs& in, bool fused) {
    std::vector<Tensor> v = leaves(in);
    Tensor output, hLast, cLast;
    if (fused) {
        auto r = detail::fusedLstm(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        output = r[0], hLast = r[1], cLast = r[2];
    } else {
        torch::nn::LSTM lstm(
            torch::nn::LSTMOptions(in.x.size(2), in.whh.size(1)).batch_first(true));
        lstm->to(in.x.scalar_type());
        auto p = lstm->named_parameters();
        {
            torch::NoGradGuard noGrad;
            p["weight_ih_l0"].copy_(in.wih);
            p["weight_hh_l0"].copy_(in.whh);
            p["bias_ih_l0"].copy_(in.bih);
            p["bias_hh_l0"].copy_(in.bhh);
        }
        // The reference's gradients on its own parameters stand for v[1 … 4].
        v[1] = p["weight_ih_l0"], v[2] = p["weight_hh_l0"];
        v[3] = p["bias_ih_l0"], v[4] = p["bias_hh_l0"];
        auto r = v[5].defined()
                     ? lstm->forward(v[0], std::make_tuple(v[5].unsqueeze(0), v[6].unsqueeze(0)))
                     : lstm->forward(v[0]);
        output = std::get<0>(r);
        hLast = std::get<0>(std::get<1>(r)).squeeze(0);
        cLast = std::get<1>(std::get<1>(r)).squeeze(0);
    }
    Run result;
    Tensor loss;
    if (in.lengths.defined()) { // the classifier's readout: each review's last word
        const Tensor last = (in.lengths - 1).view({-1, 1, 1}).expand({-1, 1, output.size(2)});
        result.readout = output.gather(1, last).squeeze(1);
        loss = (result.readout * in.weightH).sum();
    } else {
        loss =
            (output * in.weightOut).sum() + (hLast * in.weightH).sum() + (cLast * in.weightC).sum();
    }
    loss.backward();
    result.output = output.detach(), result.hLast = hLast.detach();
    result.cLast = cLast.detach();
    if (result.readout.defined()) result.readout = result.readout.detach();
    for (const Tensor& t : v)
        result.grads.push_back(t.defined() ? t.grad() : Tensor());
    return result;
}

} // namespace

double FusedLstmComparison::worst() const {
    return std::max({output, hLast, cLast, dx, dWeightIh, dWeightHh, dBiasIh, dBiasHh, dh0, dc0});
}

std::string FusedLstmComparison::describe() const {
    char text[400];
    std::snprintf(text, sizeof text,
                  "output %.2e, h_T %.2e, c_T %.2e, dx %.2e, dW_ih %.2e, dW_hh %.2e, db_ih %.2e, "
                  "db_hh %.2e, dh0 %.2e, dc0 %.2e, padding effect %.2e",
                  output, hLast, cLast, dx, dWeightIh, dWeightHh, dBiasIh, dBiasHh, dh0, dc0,
                  paddingEffect);
    return text;
}

FusedLstmComparison compareFusedLstm(const FusedLstmCase& c) {
    torch::manual_seed(c.seed);
    const auto options = torch::TensorOptions().dtype(c.float64 ? torch::kDouble : torch::kFloat);
    const std::int64_t B = c.batch, T = c.steps, E = c.embedding, H = c.hidden;
    const double bound = 1.0 / std::sqrt(double(H)); // torch::nn::LSTM's initialisation
    // U(−bound, bound) from rand(): Tensor::uniform_'s optional generator argument trips
    // GCC 12's -Wmaybe-uninitialized in the sanitizer build.
    const auto uniform = [&](at::IntArrayRef sizes) {
        return torch::rand(sizes, options).mul_(2 * bound).sub_(bound);
    };
    Inputs in;
    in.x = torch::randn({B, T, E}, options);
    in.wih = uniform({4 * H, E});
    in.whh = uniform({4 * H, H});
    in.bih = uniform({4 * H});
    in.bhh = uniform({4 * H});
    if (c.initialState) {
        in.h0 = 0.5 * torch::randn({B, H}, options);
        in.c0 = torch::randn({B, H}, options);
    }
    in.weightOut = torch::randn({B, T, H}, options);
    in.weightH = torch::randn({B, H}, options);
    in.weightC = torch::randn({B, H}, options);
    if (c.padded) {
        in.lengths = torch::randint(1, T + 1, {B}, torch::kLong);
        in.lengths[B / 2] = T;
    }
    const Run fused = run(in, true), reference = run(in, false);
    FusedLstmComparison r;
    r.output = relative(fused.output, reference.output);
    r.hLast = relative(fused.hLast, reference.hLast);
    r.cLast = relative(fused.cLast, reference.cLast);
    double* grads[] = {&r.dx, &r.dWeightIh, &r.dWeightHh, &r.dBiasIh, &r.dBiasHh, &r.dh0, &r.dc0};
    for (std::size_t k = 0; k < 7; ++k)
        if (reference.grads[k].defined()) *grads[k] = relative(fused.grads[k], reference.grads[k]);
    if (c.padded) {
        // Other values at every padding step (t ≥ length): nothing read may change.
        const Tensor steps = torch::arange(T, torch::kLong).view({1, T});
        const Tensor padding = (steps >= in.lengths.view({B, 1})).unsqueeze(2).to(options.dtype());
        Inputs other = in;
        other.x = in.x * (1 - padding) + 3 * torch::randn({B, T, E}, options) * padding;
        const Run moved = run(other, true);
        r.paddingEffect = (moved.readout - fused.readout).abs().max().item<double>();
        for (std::size_t k = 0; k < 7; ++k)
            if (fused.grads[k].defined())
                r.paddingEffect = std::max(
                    r.paddingEffect, (moved.grads[k] - fused.grads[k]).abs().max().item<double>());
    }
    return r;
}

std::string fusedLstmUnrefusedMisuse() {
    const auto refused = [](auto&& f) {
        try {
            f();
        } catch (const std::exception&) {
            return true;
        }
        return false;
    };
    const auto weights = [](torch::Dtype dtype, std::int64_t E, std::int64_t H) {
        return std::vector<Tensor>{torch::randn({4 * H, E}, dtype), torch::randn({4 * H, H}, dtype),
                                   torch::randn({4 * H}, dtype), torch::randn({4 * H}, dtype)};
    };
    std::string missed;
    if (!refused([&] {
            const auto w = weights(torch::kHalf, 3, 2);
            detail::fusedLstm(torch::randn({2, 4, 3}, torch::kHalf), w[0], w[1], w[2], w[3]);
        }))
        missed += "float16 input; ";
    if (!refused([&] {
            const auto w = weights(torch::kFloat, 5, 2);
            detail::fusedLstm(torch::randn({2, 4, 3}), w[0], w[1], w[2], w[3]);
        }))
        missed += "E of x differs from W_ih's; ";
    if (!refused([&] {
            const auto w = weights(torch::kFloat, 3, 2);
            detail::fusedLstm(torch::randn({2, 4, 3}), w[0], w[1], w[2], w[3], torch::zeros({2}),
                              torch::zeros({2}));
        }))
        missed += "h0, c0 of H values instead of B × H; ";
    if (!refused([&] {
            auto w = weights(torch::kFloat, 3, 2);
            for (Tensor& t : w)
                t.requires_grad_(true);
            const Tensor out =
                detail::fusedLstm(torch::randn({2, 4, 3}), w[0], w[1], w[2], w[3])[0].sum();
            out.backward({}, /*retain_graph=*/true);
            out.backward();
        }))
        missed += "second backward; ";
    return missed;
}

} // namespace flicker::testing
