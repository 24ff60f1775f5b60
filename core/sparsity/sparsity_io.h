// The sparsity lab's results on disk: a point's JSON (settings, epochs, measures, triplets,
// provenance) and its first-layer weights (a small binary file), the sweep's JSON and CSV.
// Everything is written whole or not at all; reading checks sizes before it allocates.
#pragma once

#include "sparsity/sparsity_sweep.h"

#include <string>
#include <vector>

namespace flicker {

/// The JSON of one point (what point.json holds).
std::string sparsityRunToJson(const SparsityRun& run, const SparsityProvenance& provenance);
/// Reads point.json text back; `name` stands for the file in errors (Error(ParseError)).
SparsityRun sparsityRunFromJson(const std::string& text, const std::string& name,
                                SparsityProvenance* provenance = nullptr);

/// The settings in which two runs differ ("width: 100 there, 1000 here"); empty when equal.
std::vector<std::string> sparsitySettingsDifferences(const SparsitySettings& there,
                                                     const SparsitySettings& here);

/// Writes / reads the first layer (magic "FLKSPW1", sizes, floats). Reading checks the
/// sizes against the file and against `expectedUnits` × `expectedInputs` (0 = any).
void writeSparseWeights(const std::string& path, const SparseWeights& weights);
SparseWeights readSparseWeights(const std::string& path, std::size_t expectedUnits = 0,
                                std::size_t expectedInputs = 0);

/// The sweep as JSON: {"provenance", "points": [{"sigma", "width", "seed", "task",
/// "fraction_active", "dead_fraction", "bias_mean", "test_loss", …}]}.
std::string sparsitySweepToJson(const SparsitySweepResult& sweep,
                                const SparsityProvenance& provenance);
/// One CSV row per point (comment lines of provenance first).
std::string sparsitySweepToCsv(const SparsitySweepResult& sweep,
                               const SparsityProvenance& provenance);
/// <dir>/sparsity.json and <dir>/sparsity.csv. Throws Error(Io) naming the file.
void writeSparsitySweep(const std::string& dir, const SparsitySweepResult& sweep,
                        const SparsityProvenance& provenance);

/// Writes `text` to `path` through a temporary file renamed at the end. Throws Error(Io).
void writeTextAtomically(const std::string& path, const std::string& text);

} // namespace flicker
