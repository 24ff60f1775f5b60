// The fused LSTM layer against torch::nn::LSTM on random inputs, for tst_fused_lstm. Plain C++
// types only: the test that calls it includes Qt, which must not meet LibTorch's headers.
#pragma once

#include <cstdint>
#include <string>

namespace flicker::testing {

struct FusedLstmCase {
    int batch = 1, steps = 1, embedding = 1, hidden = 1; ///< B, T, E, H
    /// Right-padded reviews of random lengths 1 … T (one of length T), the loss read at each
    /// review's last step as the classifier does; otherwise a loss on every output and on the
    /// final h and c.
    bool padded = false;
    bool initialState = false; ///< random h0, c0 (with gradients) instead of zeros
    bool float64 = false;
    std::uint64_t seed = 1;
};

/// Normwise relative differences max|fused − LibTorch| / max|LibTorch| of each result.
struct FusedLstmComparison {
    double output = 0, hLast = 0, cLast = 0;           ///< forward
    double dx = 0, dWeightIh = 0, dWeightHh = 0;       ///< gradients
    double dBiasIh = 0, dBiasHh = 0, dh0 = 0, dc0 = 0; ///< dh0, dc0: 0 without initialState
    /// Padded cases: the largest change of the readout or of any gradient when the inputs at
    /// the padding steps are replaced by other random values (the padding must not matter).
    double paddingEffect = 0;
    double worst() const; ///< the largest of output … dc0
    std::string describe() const;
};

FusedLstmComparison compareFusedLstm(const FusedLstmCase& c);

/// Misuse the fused layer must refuse with an exception (a dtype other than float32/64, sizes
/// that do not fit, a second backward through one forward): the ones it did not refuse,
/// empty when all were refused.
std::string fusedLstmUnrefusedMisuse();

} // namespace flicker::testing
