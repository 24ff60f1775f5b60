// The commands of flicker-cli. Each takes its own arguments (after the command name), writes
// results to `out` and diagnostics to `err`, and returns the process exit code.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace flicker::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  ///< unexpected internal failure
inline constexpr int kExitBadInput = 2; ///< bad arguments or bad data; message on stderr

/// How often long commands print progress on stderr.
inline constexpr std::chrono::seconds kLoadingProgressEvery{2}; ///< reading or generating data
inline constexpr std::chrono::seconds kProgressEvery{5};  ///< training, and within a sweep point
inline constexpr std::size_t kStudyProgressReviews = 320; ///< reproduce's study, in reviews

int runDfa(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runNoise(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runEvaluate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runRecord(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runStudy(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runSweepCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// One point of a planned sweep (a SLURM array task): sweep-point DIR --index K.
int runSweepPointCommand(const std::vector<std::string>& args, std::ostream& out,
                         std::ostream& err);
/// The finished points of a planned sweep into sweep.json / sweep.csv: sweep-collect DIR.
int runSweepCollectCommand(const std::vector<std::string>& args, std::ostream& out,
                           std::ostream& err);
/// Each point's state; --resubmit what is missing: sweep-status DIR.
int runSweepStatusCommand(const std::vector<std::string>& args, std::ostream& out,
                          std::ostream& err);
int runReproduce(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runDimensionalityCommand(const std::vector<std::string>& args, std::ostream& out,
                             std::ostream& err);
int runSparsity(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace flicker::cli
