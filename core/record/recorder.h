// The activation recorder: runs the trained LSTM over reviews, step by step, and keeps every
// activation (x, i, f, g, o, c, h) of every step as plain float arrays for the analysis.
#pragma once

#include "task.h"

#include "model/lstm_classifier.h"
#include "record/activation_kind.h"

#include <cstdint>
#include <functional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

namespace flicker {

/// The activations of one review: each kind is a T × units row-major matrix (row t = step t).
struct Recording {
    std::vector<std::int32_t> ids; ///< the T token ids read
    std::size_t steps = 0;         ///< T
    std::size_t embedding = 0;     ///< E, units of x
    std::size_t hidden = 0;        ///< H, units of i, f, g, o, c, h
    std::vector<float> x, i, f, g, o, c, h;
    float probability = 0.5f; ///< the classifier's P(positive) after the last step

    std::size_t units(ActivationKind kind) const {
        return kind == ActivationKind::X ? embedding : hidden;
    }
    std::span<const float> values(ActivationKind kind) const;
    /// Activation of unit `unit` at step `t`.
    float at(ActivationKind kind, std::size_t t, std::size_t unit) const {
        return values(kind)[t * units(kind) + unit];
    }
};

/// h and c of the same review computed by torch::nn::LSTM itself (the library's fused
/// implementation, not the explicit cell equations the Recorder uses): the cross-check that
/// the recorder reproduces PyTorch (science.md asks for agreement to 1e-5). Only ids, steps,
/// hidden, c, h and probability are filled.
Recording recordWithTorchLstm(const LstmClassifier& model, std::span<const std::int32_t> ids);

class Recorder {
public:
    explicit Recorder(const LstmClassifier& model);

    /// One review (never padded). Throws InvalidArgument for an empty review or an id outside
    /// the vocabulary (the message names the position).
    Recording record(std::span<const std::int32_t> ids) const;

    /// Many reviews, without gradients, in batches of equal length (reviews are grouped by
    /// length; a batch never mixes lengths, so no padding is ever seen). Progress: stage
    /// "recording", reviews done; the stop token is checked between batches (Error Cancelled).
    std::vector<Recording> recordMany(const std::vector<std::vector<std::int32_t>>& reviews,
                                      const ProgressFn& progress = {},
                                      std::stop_token stop = {}) const;

private:
    const LstmClassifier& m_model;
};

} // namespace flicker
