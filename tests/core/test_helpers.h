// Shared helpers of the core tests: the science.md test vector and error assertions.
#pragma once

#include "error.h"

#include <QtTest>

#include <cstdint>
#include <string>
#include <vector>

namespace flicker::testing {

/// science.md's DFA test vector: x_k = s_k / 2^31 − 0.5 with the LCG s_k = (1103515245·s_{k−1}
/// + 12345) mod 2^31, s_0 = 42, k = 1 … n.
inline std::vector<double> lcgSeries(std::size_t n = 512) {
    std::vector<double> x(n);
    std::uint64_t s = 42;
    for (auto& v : x) {
        s = (1103515245ULL * s + 12345ULL) % 2147483648ULL;
        v = double(s) / 2147483648.0 - 0.5;
    }
    return x;
}

/// Runs f, expects a flicker::Error with `code` whose message contains `fragment`.
template <class F> bool throwsError(F&& f, ErrorCode code, const std::string& fragment) {
    try {
        f();
    } catch (const Error& e) {
        if (e.code() != code) {
            qWarning("wrong error code %d for: %s", int(e.code()), e.what());
            return false;
        }
        if (std::string(e.what()).find(fragment) == std::string::npos) {
            qWarning("message lacks '%s': %s", fragment.c_str(), e.what());
            return false;
        }
        return true;
    }
    qWarning("no error thrown (expected '%s')", fragment.c_str());
    return false;
}

inline double relativeDifference(double a, double b) {
    return std::abs(a - b) / std::max(std::abs(a), std::abs(b));
}

} // namespace flicker::testing
