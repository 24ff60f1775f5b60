// Talking to SLURM through its own commands (sbatch, squeue, sacct, scancel), found on the PATH:
// Flicker schedules nothing itself. Every call has a time limit; a command that is missing or
// fails is reported, never waited on forever.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace flicker::slurm {

/// Whether `sbatch` is on the PATH (the app shows "Run on: SLURM cluster" only then).
bool available();

/// Output of a SLURM command: its exit code and what it printed.
struct CommandResult {
    bool started = false; ///< false: the program was not found or could not start
    int exitCode = -1;
    std::string out, err;
};
/// Runs `program` with `args` (no shell) and waits at most `timeoutMs`.
CommandResult run(const std::string& program, const std::vector<std::string>& args,
                  int timeoutMs = 30000);

/// Submits `script` with sbatch --parsable and the extra `args` (put before the script);
/// returns the job id. Throws Error(Io) with sbatch's message when it refuses.
std::string submit(const std::string& script, const std::vector<std::string>& args = {});

/// The state of each queued or running job step of `jobs` (array jobs expanded: "12_3" →
/// "RUNNING", "12_4" → "PENDING"), from squeue; nothing when squeue cannot answer.
std::optional<std::map<std::string, std::string>> queueStates(const std::vector<std::string>& jobs);

/// The final state of finished jobs ("12_3" → "CANCELLED", "FAILED", "COMPLETED", …) from
/// sacct; nothing when accounting is not available (a cluster without slurmdbd).
std::optional<std::map<std::string, std::string>>
accountingStates(const std::vector<std::string>& jobs);

/// scancel `jobs` ("12", "12_3"). Throws Error(Io) with scancel's message on failure.
void cancel(const std::vector<std::string>& jobs);

/// The CPUs SLURM gave this task (SLURM_CPUS_PER_TASK), 0 outside SLURM or when unset.
int cpusPerTask();

} // namespace flicker::slurm
