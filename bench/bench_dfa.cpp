// UDFA throughput for N = 500 and 16 scales: the sliding-sum implementation (one series at a
// time, and batched on one and on all cores) against the direct per-window reference, in the
// same run; then orders 2 and 3 on one long series (N = 100,000; --long 0 skips it) against the
// direct reference. Also prints the white-noise null distribution of beta (science.md's "Null
// baseline").
//
//   bench_dfa [--series K] [--null M] [--long N]
#include "signal/dfa.h"
#include "signal/parallel.h"
#include "signal/synthetic.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

using namespace flicker;
using Clock = std::chrono::steady_clock;

namespace {
double seconds(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// Series per second of wall time, and per second of CPU time summed over the process's threads
// (the second is what the code itself achieves per core while other programs share the machine).
struct Rate {
    double wall = 0, cpu = 0;
};

// Repeats f until at least `minSeconds` passed.
template <class F> Rate rate(std::size_t seriesPerCall, double minSeconds, F&& f) {
    std::size_t done = 0;
    const auto start = Clock::now();
    const double cpuStart = cpuSeconds();
    double elapsed = 0;
    do {
        f();
        done += seriesPerCall;
        elapsed = seconds(start, Clock::now());
    } while (elapsed < minSeconds);
    return {double(done) / elapsed, double(done) / (cpuSeconds() - cpuStart)};
}

volatile double g_sink = 0;
} // namespace

int main(int argc, char** argv) {
    std::size_t count = 20000, nullCount = 5000, longLength = 100000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--series")) count = std::strtoul(argv[i + 1], nullptr, 10);
        if (!std::strcmp(argv[i], "--null")) nullCount = std::strtoul(argv[i + 1], nullptr, 10);
        if (!std::strcmp(argv[i], "--long")) longLength = std::strtoul(argv[i + 1], nullptr, 10);
    }
    const std::size_t T = 500;
    // A recorder-like T×K row-major float matrix of pink-ish and white series.
    std::vector<float> matrix(T * count);
    std::vector<std::vector<double>> series(count);
    for (std::size_t k = 0; k < count; ++k) {
        series[k] = (k % 2) ? whiteNoise(T, k) : powerLawNoise(T, 0.8, k);
        for (std::size_t t = 0; t < T; ++t)
            matrix[t * count + k] = float(series[k][t]);
    }
    const DfaSettings settings; // UDFA, order 1, 16 log-spaced scales 4 … 125
    std::printf("UDFA, N = %zu, %zu scales, order 1; %u hardware threads\n", T,
                resolveScales(T, settings).size(), resolveThreads(0));

    std::size_t next = 0;
    const Rate direct =
        rate(1, 2.0, [&] { g_sink = g_sink + dfaDirect(series[next++ % count], settings).alpha; });
    const Rate single =
        rate(1, 2.0, [&] { g_sink = g_sink + dfa(series[next++ % count], settings).alpha; });
    const auto view = SeriesMatrix::rowMajor(matrix, T, count);
    const Rate batch1 =
        rate(count, 2.0, [&] { g_sink = g_sink + dfaBatch(view, settings, 1)[0].alpha; });
    const Rate batch =
        rate(count, 2.0, [&] { g_sink = g_sink + dfaBatch(view, settings)[0].alpha; });
    DfaSettings standard = settings;
    standard.method = DfaMethod::Standard;
    const Rate dfaSingle =
        rate(1, 1.0, [&] { g_sink = g_sink + dfa(series[next++ % count], standard).alpha; });

    std::printf("\n%-46s %12s %14s %10s\n", "implementation", "series/s", "per CPU-second",
                "× direct");
    auto row = [&](const char* name, const Rate& r) {
        std::printf("%-46s %12.0f %14.0f %10.1f\n", name, r.wall, r.cpu, r.wall / direct.wall);
    };
    row("direct per-window reference (1 thread)", direct);
    row("sliding sums, one series at a time (1 thread)", single);
    row("sliding sums, batch of float matrix, 1 thread", batch1);
    row("sliding sums, batch of float matrix, all cores", batch);
    row("standard DFA (forward windows), 1 thread", dfaSingle);
    std::printf("\ntarget: batch ≥ 150,000 series/s on 2 cores (%s)\n",
                batch.wall >= 150000 ? "met" : "NOT met");

    if (longLength > 0) {
        // Orders 2 and 3 on a long series: O(N) per window size against the direct reference
        // (what dfa() ran for these orders before), on a trending random walk.
        std::vector<double> walk = whiteNoise(longLength, 99);
        double level = 0;
        for (std::size_t i = 0; i < walk.size(); ++i) {
            level += walk[i];
            walk[i] = level + 0.01 * double(i);
        }
        std::printf("\nUDFA of one trending random walk, N = %zu, default window sizes\n",
                    longLength);
        for (int order : {2, 3}) {
            DfaSettings s;
            s.order = order;
            auto time = [&](auto&& f) {
                const auto a = Clock::now();
                const DfaResult r = f();
                g_sink = g_sink + r.alpha;
                return std::pair{seconds(a, Clock::now()), r.alpha};
            };
            const auto [fast, alphaFast] = time([&] { return dfa(walk, s); });
            const auto [slow, alphaSlow] = time([&] { return dfaDirect(walk, s); });
            std::printf("  order %d: prefix sums %.3f s, direct %.2f s (%.0f×); alpha %.12f vs "
                        "%.12f\n",
                        order, fast, slow, slow / fast, alphaFast, alphaSlow);
        }
    }

    if (nullCount > 0) {
        std::printf("\nwhite-noise null, N = %zu, %zu Gaussian series (science.md: UDFA "
                    "−0.027 ± 0.087, DFA 0.028 ± 0.082)\n",
                    T, nullCount);
        for (DfaMethod m : {DfaMethod::Unbiased, DfaMethod::Standard}) {
            DfaSettings s;
            s.method = m;
            double sum = 0, sum2 = 0;
            for (std::size_t k = 0; k < nullCount; ++k) {
                const double b = dfa(whiteNoise(T, 1'000'000 + k), s).beta;
                sum += b;
                sum2 += b * b;
            }
            const double mean = sum / double(nullCount);
            std::printf("  %-5s beta = %+.3f ± %.3f (mean ± SD)\n", dfaMethodName(m), mean,
                        std::sqrt(sum2 / double(nullCount) - mean * mean));
        }
    }
    return 0;
}
