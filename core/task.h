// How long work in core reports how far it is, stops when asked, and hands back what it
// finished. Every long function takes (…, const ProgressFn& progress, std::stop_token stop)
// last, checks the token between units of work (a file, a batch, a review, a sweep point),
// and on a stop either throws Error(ErrorCode::Cancelled) — when nothing finished is worth
// keeping — or returns Outcome<T> with cancelled = true and what was finished.
#pragma once

#include <cstddef>
#include <functional>
#include <stop_token>
#include <string>

namespace flicker {

/// Where a long job stands.
struct Progress {
    std::string stage;     ///< what runs now, one word: "reading", "training", "analysing", …
    std::size_t done = 0;  ///< units of this stage finished
    std::size_t total = 0; ///< units of this stage; 0 = not known
    std::string text;      ///< one line for a person ("epoch 2 of 10, batch 40 of 312")
    /// A job made of parts (the points of a sweep): which part this is, 0-based, of how many.
    std::size_t part = 0, parts = 0;

    /// done / total in [0, 1]; −1 when the total is not known.
    double fraction() const { return total ? double(done) / double(total) : -1.0; }
};

/// Called on the worker's thread; must be quick and must not throw.
using ProgressFn = std::function<void(const Progress&)>;

/// Calls `progress` when it is set.
inline void report(const ProgressFn& progress, const Progress& p) {
    if (progress) progress(p);
}

/// What a long function returns when a stop leaves something worth keeping.
template <class T> struct Outcome {
    T value;                ///< the whole result, or what was finished before the stop
    bool cancelled = false; ///< stopped on request before the end
};

/// Throws Error(Cancelled) with `what` ("reading reviews was cancelled") once stop was requested.
void throwIfStopped(std::stop_token stop, const std::string& what);

} // namespace flicker
