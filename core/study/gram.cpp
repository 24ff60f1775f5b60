#include "study/gram.h"

#include <torch/torch.h>

namespace flicker::detail {

void addGram(const float* h, std::size_t steps, std::size_t units, std::vector<double>& gram) {
    torch::NoGradGuard noGrad;
    const auto T = std::int64_t(steps), H = std::int64_t(units);
    // Doubles: sums over a million steps keep their precision.
    const torch::Tensor m =
        torch::from_blob(const_cast<float*>(h), {T, H}, torch::kFloat).to(torch::kDouble);
    const torch::Tensor g = m.t().mm(m).contiguous();
    const double* p = g.data_ptr<double>();
    for (std::size_t k = 0; k < gram.size(); ++k)
        gram[k] += p[k];
}

} // namespace flicker::detail

namespace flicker::detail {

void addStepGrams(const std::vector<const float*>& reviews, const std::vector<std::size_t>& steps,
                  std::size_t units, std::vector<double>& grams, std::vector<double>& sums) {
    if (reviews.empty() || steps.empty()) return;
    torch::NoGradGuard noGrad;
    const std::size_t S = steps.size(), B = reviews.size(), U = units;
    torch::Tensor m = torch::empty({std::int64_t(S), std::int64_t(B), std::int64_t(U)},
                                   torch::kDouble); // step × review × unit
    double* p = m.data_ptr<double>();
    for (std::size_t k = 0; k < S; ++k)
        for (std::size_t b = 0; b < B; ++b) {
            const float* row = reviews[b] + steps[k] * U;
            double* out = p + (k * B + b) * U;
            double* sum = sums.data() + k * U;
            for (std::size_t u = 0; u < U; ++u) {
                out[u] = double(row[u]);
                sum[u] += out[u];
            }
        }
    const torch::Tensor g = torch::bmm(m.transpose(1, 2), m).contiguous(); // S × U × U
    const double* q = g.data_ptr<double>();
    for (std::size_t k = 0; k < S * U * U; ++k)
        grams[k] += q[k];
}

} // namespace flicker::detail
