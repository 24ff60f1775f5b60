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
