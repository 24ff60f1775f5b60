// A study's results on disk: one CSV row per review × row key, a CSV summary, and one JSON
// file with everything plus provenance (settings, seeds, model hash, data set identity,
// program version, time). Reading the JSON back gives the same tables.
#pragma once

#include "study/study.h"
#include "study/sweep.h"
#include "study/trajectory.h"

#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace flicker {

struct Provenance {
    std::string program; ///< "Flicker 0.1.0"
    std::string created; ///< ISO 8601, UTC
    std::string modelPath;
    std::string modelSha256; ///< of the checkpoint file ("" when unsaved)
    std::string modelOrigin; ///< Model::origin
    std::string datasetName;
    std::string datasetSource; ///< path, or "demo"
    std::string datasetSha256; ///< of the corpus' review ids in order (its file list)
    std::size_t datasetReviews = 0;
    /// The Gaussian noise SDs the model was trained with (its history; 0 = none, also for
    /// files written before training noise existed). Studies always run the clean network.
    double modelInputNoise = 0;
    double modelHiddenNoise = 0;
    /// The model's test accuracy after its last epoch (fraction 0 … 1; NaN when unknown: not
    /// evaluated, or a file written before it was recorded) and its cell count H (0 unknown):
    /// what names the model beside its file in a comparison of studies.
    double modelTestAccuracy = std::numeric_limits<double>::quiet_NaN();
    int modelHidden = 0;
};

/// Provenance for a study of `model` (saved at modelPath, may be empty) on `corpus`.
Provenance makeProvenance(const Model& model, const std::string& modelPath, const Corpus& corpus);
/// Provenance of work on `corpus` by several models (a sweep: each point has its own).
Provenance makeProvenance(const Corpus& corpus);

/// SHA-256 of a file, hex; throws Error(Io) when it cannot be read.
std::string fileSha256(const std::string& path);

/// Writes <dir>/study_reviews.csv, <dir>/study_summary.csv, <dir>/study_pr_steps.csv, the
/// compact companion <dir>/study.bin (io/study_companion.h) and <dir>/study.json, together and
/// study.json last (saveFilesTogether). A summary older than the reviews is recomputed for the
/// files. Throws Error(Io) naming the file.
void writeStudy(const std::string& dir, const StudyResult& result, const Provenance& provenance);

/// The JSON text of writeStudy (also what `flicker-cli study --json` prints).
std::string studyToJson(const StudyResult& result, const Provenance& provenance);

/// Reads study.json back (settings, per-review rows, provenance, summary). When the study.bin
/// beside it is this study.json's companion and whole, the rows and the summary come from it
/// (no JSON parse of the reviews, no bootstrap: a 37 MB study in well under a second); else
/// from the JSON, the summary recomputed (it equals the one written). Throws Error(ParseError)
/// naming the file.
StudyResult readStudy(const std::string& jsonPath, Provenance* provenance = nullptr);
/// The same from the JSON text itself; `name` stands for the file in error messages.
StudyResult studyFromJson(const std::string& text, const std::string& name,
                          Provenance* provenance = nullptr);

/// <dir>/sweep.json (every finished point: hidden, seed, test accuracy, utilisation,
/// participation ratio, summary) and <dir>/sweep.csv (one row per point × row key).
void writeSweep(const std::string& dir, const SweepResult& sweep, const Provenance& provenance);
std::string sweepToJson(const SweepResult& sweep, const Provenance& provenance);
/// Reads sweep.json back: every point's size, seed, noise, accuracy, utilisation, PR and
/// summary as written (no per-review rows: sweep.json has none; each point's `study.reviews`
/// stays empty). Throws Error(Io) when it cannot be read, Error(ParseError) naming the file.
SweepResult readSweep(const std::string& jsonPath, Provenance* provenance = nullptr);
/// The same from the JSON text itself; `name` stands for the file in error messages.
SweepResult sweepFromJson(const std::string& text, const std::string& name,
                          Provenance* provenance = nullptr);

/// <dir>/trajectory.json and <dir>/trajectory.csv (one row per probe × row key).
void writeTrajectory(const std::string& dir, const std::vector<TrajectoryPoint>& points,
                     const Provenance& provenance);
std::string trajectoryToJson(const std::vector<TrajectoryPoint>& points,
                             const Provenance& provenance);

/// The settings in which two studies differ, each as "steps: 300 there, 500 here" (`a` there,
/// `b` here), in the order of study.json; empty when they are the same.
std::vector<std::string> studySettingsDifferences(const StudySettings& a, const StudySettings& b);
/// The study settings as (name, value as text) in the JSON files' names and order.
std::vector<std::pair<std::string, std::string>> studySettingsList(const StudySettings& s);

/// Reads trajectory.json back: its points as written (writing them again gives the same
/// "points"). Throws Error(Io) when the file cannot be read, Error(ParseError) naming it.
std::vector<TrajectoryPoint> readTrajectory(const std::string& jsonPath,
                                            Provenance* provenance = nullptr);
/// The same from the JSON text itself; `name` stands for the file in error messages.
std::vector<TrajectoryPoint> trajectoryFromJson(const std::string& text, const std::string& name,
                                                Provenance* provenance = nullptr);

} // namespace flicker
