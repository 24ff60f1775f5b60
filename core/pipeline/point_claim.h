// One worker per sweep point: before a point is computed its folder gets a lock file, made
// exclusively (O_CREAT | O_EXCL, atomic on local and NFS file systems), naming the worker (host,
// process, SLURM job, time). A second worker — another array task, a local sweep on the same
// folder — sees the claim and leaves the point alone. A claim whose worker is gone (its process
// ended on this host, or its SLURM job is no longer in the queue) is stale and is taken over.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace flicker {

/// File name of the claim in a point's folder.
inline constexpr const char* kClaimFile = "claim.lock";

struct ClaimHolder {
    std::string host;  ///< short host name
    long pid = 0;      ///< process id on that host
    std::string job;   ///< SLURM job ("12345" or "12345_7"); empty outside SLURM
    std::string since; ///< ISO 8601 UTC
};

/// "host vm, process 4711, SLURM job 12_3, since 2026-11-29T22:00:00Z".
std::string describeHolder(const ClaimHolder& holder);

/// The claim in `folder`, if there is one that can be read.
std::optional<ClaimHolder> readClaim(const std::string& folder);

/// This process as a holder (host, pid, SLURM_ARRAY_JOB_ID_SLURM_ARRAY_TASK_ID or SLURM_JOB_ID).
ClaimHolder thisWorker();

/// Whether `holder` still runs: on this host, its process exists; under SLURM, its job is still
/// queued or running (squeue; when squeue cannot answer, it is taken to run). A holder on another
/// host without a job cannot be checked and counts as running.
bool holderAlive(const ClaimHolder& holder);

/// A held claim; released (its file removed) when destroyed.
class PointClaim {
public:
    PointClaim() = default;
    explicit PointClaim(std::string file) : m_file(std::move(file)) {}
    PointClaim(PointClaim&& other) noexcept;
    PointClaim& operator=(PointClaim&& other) noexcept;
    PointClaim(const PointClaim&) = delete;
    PointClaim& operator=(const PointClaim&) = delete;
    ~PointClaim();
    bool held() const { return !m_file.empty(); }
    void release();

private:
    std::string m_file;
};

/// The outcome of trying to claim a point.
struct ClaimResult {
    PointClaim claim;                  ///< held when the point is this worker's
    std::optional<ClaimHolder> holder; ///< the live worker that has it, when not held
    bool tookOverStale = false;        ///< a dead worker's claim was replaced
};

/// Claims `folder` (made if missing) for this worker. `alive` decides whether an existing
/// holder still runs (holderAlive by default; tests pass their own). Throws Error(Io) when the
/// folder cannot be written.
ClaimResult claimPoint(const std::string& folder,
                       const std::function<bool(const ClaimHolder&)>& alive = holderAlive);

} // namespace flicker
