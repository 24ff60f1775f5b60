// A fused LSTM layer for training: torch::nn::LSTM's one batch-first layer as one autograd
// function with a hand-written forward and backward. Private to core (LibTorch types).
#pragma once

#include <torch/torch.h>

#include <vector>

namespace flicker::detail {

/// What torch::nn::LSTM(E, H, batch_first) of one layer computes, with its parameters
/// (gate order i, f, g, o): x is B × T × E; weightIh 4H × E, weightHh 4H × H, biases 4H;
/// h0, c0 are B × H, or undefined for zeros. Returns {output B × T × H, h_T, c_T} (B × H),
/// and gradients for x, the four parameters and defined h0, c0 through autograd.
///
/// Every step is computed, padding included, as torch::nn::LSTM does: a right-padded batch is
/// read at each review's last word, which the later (padding) steps cannot influence, and
/// their zero output gradient adds exactly nothing to any gradient.
/// Backward may run once per forward (no retain_graph: the gate buffer becomes the gradient).
/// float32 and float64; any other dtype throws. Thread use: torch's intra-op threads, each
/// taking a share of the batch rows through the whole sequence.
std::vector<torch::Tensor> fusedLstm(const torch::Tensor& x, const torch::Tensor& weightIh,
                                     const torch::Tensor& weightHh, const torch::Tensor& biasIh,
                                     const torch::Tensor& biasHh, const torch::Tensor& h0 = {},
                                     const torch::Tensor& c0 = {});

} // namespace flicker::detail
