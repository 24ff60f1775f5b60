// A sweep written down as a plan in its folder (plan.json): the program version, the data set's
// identity, the settings, the command-line options that rebuild them, and the list of points.
// Every worker — a local run, a SLURM array task on another node — works from the plan, so all
// points are made with the same settings, data and program, and a folder reused with anything
// else is refused naming the difference. Submitting the plan to SLURM and reading back the state
// of its points are here too (the SLURM commands themselves are in slurm.h).
#pragma once

#include "io/study_io.h"
#include "pipeline/sweep_runner.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace flicker {

/// File names inside a sweep's folder.
inline constexpr const char* kPlanFile = "plan.json";
inline constexpr const char* kSlurmFolder = "slurm"; ///< batch scripts and logs

/// What `sbatch` gets for the workers (empty = the cluster's default).
struct SlurmOptions {
    std::string partition;
    std::string time; ///< HH:MM:SS (or D-HH:MM:SS) per point
    int cpusPerTask = 2;
    std::string memory; ///< "8G"
    std::string account;
    int maxParallel = 0;            ///< array throttle %K; 0 = no limit
    std::vector<std::string> extra; ///< more sbatch options, as given
};

struct SweepPlan {
    std::string programVersion;
    std::vector<std::string> arguments; ///< the sweep's options that rebuild its settings
    std::string datasetName, datasetSource, datasetSha256;
    std::size_t datasetReviews = 0;
    /// The settings a person reads and plans are compared on, in order: ("epochs", "10") …
    std::vector<std::pair<std::string, std::string>> settings;
    std::vector<PlannedPoint> points;
    SlurmOptions slurm;                   ///< the last submission's
    std::vector<std::string> jobs;        ///< the array jobs submitted for it, oldest first
    std::vector<std::string> collectJobs; ///< the jobs that collect them
};

/// The plan of `settings` on the data set of `data` (its identity), rebuilt by `arguments`.
SweepPlan makeSweepPlan(const SweepSettings& settings, const Provenance& data,
                        std::vector<std::string> arguments);

/// The data set identity of a plan, as a Provenance to check points against.
Provenance planData(const SweepPlan& plan);

/// Writes <dir>/plan.json whole or not at all; Error(Io) naming it.
void writeSweepPlan(const std::string& dir, const SweepPlan& plan);
/// The plan in `dir`; nothing when there is none. Error(ParseError) naming the file when it
/// is not a plan Flicker wrote.
std::optional<SweepPlan> readSweepPlan(const std::string& dir);

/// What differs between the plan in a folder and this run's ("epochs: 1 there, 2 here"; the
/// program version and the data set included); empty when they are the same sweep.
std::vector<std::string> planDifferences(const SweepPlan& there, const SweepPlan& here);

/// The batch script of one SLURM job array over the points `indices` of the plan in `dir`: each
/// array task runs `cli` sweep-point on its point, logs to slurm/point-<index>.log.
std::string arrayScript(const std::string& dir, const SweepPlan& plan,
                        const std::vector<std::size_t>& indices, const std::string& cli);
/// The batch script of the job that collects the points into sweep.json / sweep.csv.
std::string collectScript(const std::string& dir, const SweepPlan& plan, const std::string& cli);

/// The state of one point of a plan, read from its folder and from SLURM when it answers.
struct PointState {
    enum class State { Done, Running, Queued, Failed, NotStarted };
    PlannedPoint point;
    State state = State::NotStarted;
    std::string detail; ///< who runs it, SLURM's state, or the last lines of its log
};
const char* pointStateName(PointState::State s); ///< "done", "running", "queued", …

/// Each point's state: done (results on disk), running / queued (squeue, or a live claim),
/// failed (a log but no results and no live job; sacct's state when it has one), not started.
std::vector<PointState> sweepStatus(const std::string& dir, const SweepPlan& plan);

/// What a submission did (or, for a dry run, would do).
struct Submission {
    std::vector<std::size_t> indices; ///< the points submitted (not done, not queued/running)
    std::string arrayScriptPath, collectScriptPath;
    std::string arrayScript, collectScript;
    std::vector<std::string> arrayArgs, collectArgs; ///< sbatch's options besides the script
    std::string arrayJob, collectJob;                ///< job ids (empty for a dry run)
};

/// Writes the batch scripts into <dir>/slurm and submits the array of every point not done and
/// not queued or running, then the collecting job (afterany); records the job in the plan.
/// With `dryRun` nothing is written or submitted. With nothing left to run, nothing is
/// submitted (indices empty).
Submission submitSweep(const std::string& dir, SweepPlan& plan, const std::string& cli,
                       bool dryRun);

} // namespace flicker
