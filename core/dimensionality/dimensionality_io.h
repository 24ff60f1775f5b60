// The dimensionality lab's results on disk: one JSON document with the settings, every run and
// provenance (program, version, time), plus CSV tables (per run × step, per run × epoch, PCA
// coordinates). Reading the JSON back gives the runs as written (sessions use this).
#pragma once

#include "dimensionality/dimensionality.h"

#include <string>

namespace flicker {

struct DimensionalityProvenance {
    std::string program; ///< "Flicker 0.1.0"
    std::string created; ///< ISO 8601, UTC
    std::string experiment = "Farrell et al. 2022, Nature Machine Intelligence 4: vanilla RNN, "
                             "delayed classification of clustered points";
};

/// Provenance of a result made now by this program.
DimensionalityProvenance makeDimensionalityProvenance();

/// The JSON text: {"experiment", "provenance", "settings", "runs": [{"gamma", "input_dim",
/// "seed", "noise", "dropout", "loss", "steps", "pr_before", "pr_after", "generalisation_before",
/// "generalisation_after", "lyapunov_before", "lyapunov_after", "test_accuracy", "training", …}]}.
/// With `withPca` each run also holds its PCA snapshots (large: samples × 2 per step).
std::string dimensionalityToJson(const DimensionalityLabResult& lab,
                                 const DimensionalityProvenance& provenance, bool withPca = false);

/// Reads that text back; `name` stands for the file in messages. Throws Error(ParseError).
DimensionalityLabResult dimensionalityFromJson(const std::string& text, const std::string& name,
                                               DimensionalityProvenance* provenance = nullptr);

/// Writes <dir>/dimensionality.json (no PCA), <dir>/dimensionality_steps.csv (run, γ, d, seed,
/// step, PR before/after, generalisation before/after), <dir>/dimensionality_epochs.csv and
/// <dir>/dimensionality_pca.csv (run, snapshot, step, sample, class, pc1, pc2); each file whole
/// or not at all. The folder must exist (prepareOutputFolder). Throws Error(Io) naming a file.
void writeDimensionality(const std::string& dir, const DimensionalityLabResult& lab,
                         const DimensionalityProvenance& provenance);

} // namespace flicker
