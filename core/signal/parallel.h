// A plain parallel for-loop on std::threads for the core's batch work (no Qt in core).
#pragma once

#include <cstddef>
#include <functional>

namespace flicker {

/// The machine's cores (at least 1).
unsigned coreCount();

/// Number of worker threads for `threads`: 0 → all cores; more than the cores → the cores
/// (more threads only compete for them, and an absurd count would exhaust the process limit).
unsigned resolveThreads(unsigned threads);

/// Calls body(begin, end) on disjoint chunks covering [0, n) from up to `threads` threads and
/// waits. The first exception thrown by a body is rethrown here after all threads joined.
void parallelFor(std::size_t n, unsigned threads,
                 const std::function<void(std::size_t begin, std::size_t end)>& body);

} // namespace flicker
