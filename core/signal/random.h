// A small deterministic random generator (xoshiro256**, seeded by splitmix64) with uniform and
// Gaussian draws: the same seed gives the same numbers on every platform and compiler, which
// std::normal_distribution does not promise.
#pragma once

#include <cstdint>

namespace flicker {

/// The seed of every random choice (initialisation, shuffles, surrogates, bootstrap, the demo
/// corpus) unless the user gives another.
inline constexpr std::uint64_t kDefaultSeed = 1;

class Rng {
public:
    explicit Rng(std::uint64_t seed);
    std::uint64_t next();
    double uniform();                     ///< in [0, 1), 53 random bits
    double normal();                      ///< standard Gaussian (Box–Muller, polar-free form)
    std::uint64_t below(std::uint64_t n); ///< uniform integer in [0, n), unbiased

private:
    std::uint64_t m_s[4];
    double m_spare = 0;
    bool m_hasSpare = false;
};

} // namespace flicker
