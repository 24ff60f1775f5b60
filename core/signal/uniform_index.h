// Many uniform draws in [0, n) for one n, as Rng::below(n) gives them but faster: the
// bootstrap's inner loop (study/statistics.cpp).
#pragma once

#include "signal/random.h"

#include <cstdint>

namespace flicker {

/// Many draws in [0, n) for one n (the bootstrap's inner loop): exactly the numbers that
/// Rng::below(n) gives from the same generator, without its two 64-bit divisions per draw (the
/// rejection limit is computed once, and the remainder by a multiplication: Lemire, Kaser and
/// Kurz, "Faster remainder by direct computation", 2019). 1.3x in the bootstrap on this
/// machine (bench_study_file prints it), whose 64-bit division is fast.
class UniformIndex {
public:
    explicit UniformIndex(std::uint64_t n)
        : m_n(n), m_limit(n <= 1 ? 0 : ~std::uint64_t(0) - (~std::uint64_t(0) % n)) {
        if (n > 1) m_magic = ~Wide(0) / n + 1;
    }
    std::uint64_t operator()(Rng& rng) const {
        if (m_n <= 1) return 0;
        std::uint64_t v;
        do {
            v = rng.next();
        } while (v >= m_limit);
        return remainder(v);
    }

private:
    __extension__ typedef unsigned __int128 Wide;
    // v mod n from the 128-bit reciprocal m_magic = ⌊(2¹²⁸ − 1) / n⌋ + 1: exact for every
    // 64-bit v and n ≥ 2 (the paper's theorem with 2·64 fraction bits).
    std::uint64_t remainder(std::uint64_t v) const {
        const Wide low = m_magic * v; // the fraction v/n, modulo 2¹²⁸
        const Wide bottom = (Wide(std::uint64_t(low)) * m_n) >> 64;
        const Wide top = (low >> 64) * m_n;
        return std::uint64_t((bottom + top) >> 64);
    }
    std::uint64_t m_n, m_limit;
    Wide m_magic = 0;
};

} // namespace flicker
