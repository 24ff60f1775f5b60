// A model as the app handles it: the network plus everything needed to use it on new text
// (vocabulary, tokenizer settings), how it was trained, and where it came from. Saved as one
// checkpoint file; PyTorch models come in as TorchScript + a vocabulary JSON.
#pragma once

#include "model/lstm_classifier.h"
#include "model/model_types.h"
#include "text/tokenizer.h"
#include "text/vocabulary.h"

#include <string>

namespace flicker {

struct Model {
    LstmClassifier network;
    Vocabulary vocabulary;
    TokenizerSettings tokenizer;
    TrainingHistory history;
    std::string origin; ///< "trained by Flicker 0.1.0", "imported from model.pt", …

    /// Token ids of a text as this model reads it (first maxLength tokens; 0 → all).
    std::vector<std::int32_t> encode(std::string_view text, std::size_t maxLength = 0) const;
};

/// The checkpoint format's identity. Version 1: magic line, JSON header, float32 arrays,
/// FNV-1a 64 checksum of everything before it.
inline constexpr int kCheckpointVersion = 1;

/// Writes atomically (a temporary file renamed at the end): a full disk or an unwritable
/// folder gives Error(Io) and leaves any existing file untouched.
void saveCheckpoint(const Model& model, const std::string& path);

/// Throws Error(ParseError) naming what is wrong: not a checkpoint, another format version,
/// truncated, corrupt (checksum), or sizes that do not fit.
Model loadCheckpoint(const std::string& path);

/// A TorchScript file (torch.jit.save) whose module has attributes `embedding`
/// (nn.Embedding), `lstm` (single-layer nn.LSTM) and `fc` (nn.Linear to one logit), plus the
/// vocabulary as a flat JSON {"word": id} with "<pad>" and "<unk>". Tokens are made with
/// Flicker's default tokenizer. Throws Error naming the missing or misshapen parameter.
Model importTorchScript(const std::string& modelPath, const std::string& vocabularyPath);

/// A checkpoint or (if `vocabularyPath` is given or the file is a TorchScript zip) an import.
Model loadModel(const std::string& path, const std::string& vocabularyPath = {});

/// The training history's epochs as a JSON array (text): epoch, train loss and accuracy, test
/// accuracy, seconds, tokens per second — what the checkpoint header and `train --json` hold.
std::string epochsToJson(const TrainingHistory& history);

} // namespace flicker
