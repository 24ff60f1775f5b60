// What the growth benchmarks share: synthetic data of a given size (so no data set is needed),
// a peak-memory reading, one measurement per child process (so peaks do not mix) and the
// log-log slope that says how a cost grows with size.
#pragma once

#include "model/model.h"
#include "signal/random.h"
#include "text/review.h"
#include "text/vocabulary.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

namespace flicker::bench {

/// Peak resident memory of this process so far, MiB (getrusage's ru_maxrss).
inline double peakMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

/// Resident memory now, MiB (/proc/self/status VmRSS).
inline double residentMiB() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

/// The 1-minute load average (what else ran while a figure was measured).
inline double loadAverage() {
    double load[1] = {0};
    return getloadavg(load, 1) == 1 ? load[0] : -1;
}

/// Word k of the synthetic vocabulary ("w17"); ids 2 … vocabulary − 1 (0 pad, 1 unknown).
inline std::string word(std::int64_t k) {
    std::string w = std::to_string(k); // "w" + … trips GCC 12's false -Wrestrict
    w.insert(w.begin(), 'w');
    return w;
}

/// The vocabulary of synthetic reviews: <pad>, <unk>, w0 … w(words − 1).
inline Vocabulary syntheticVocabulary(int words = 10000) {
    std::unordered_map<std::string, std::int32_t> map{{"<pad>", 0}, {"<unk>", 1}};
    for (int w = 0; w < words; ++w)
        map[word(w)] = w + 2;
    return Vocabulary::fromMap(map);
}

/// `count` test reviews of `length` words each, Zipf-like word frequencies (tokens and text).
inline Corpus syntheticCorpus(std::size_t count, std::size_t length, std::uint64_t seed = 1,
                              bool withText = false) {
    Corpus corpus;
    corpus.name = "synthetic";
    corpus.source = "bench";
    Rng rng(seed);
    corpus.reviews.resize(count);
    for (std::size_t k = 0; k < count; ++k) {
        Review& r = corpus.reviews[k];
        r.id = "synthetic/" + std::to_string(k);
        r.split = Split::Test;
        r.label = int(k % 2);
        for (std::size_t t = 0; t < length; ++t) {
            const std::string w = word(std::int64_t(
                std::min(9999.0, std::floor(std::exp(rng.uniform() * std::log(10000.0))))));
            r.tokens.push_back(w);
            if (withText) r.text += (t ? " " : "") + w;
        }
    }
    return corpus;
}

/// Runs this program again with `args` and returns the lines of its output that start with
/// "POINT " (one measurement per process, so a point's peak memory is its own).
inline std::vector<std::string> runChild(const std::string& args) {
    char self[4096] = {0};
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return {};
    const std::string command = std::string(self, std::size_t(n)) + " " + args;
    std::vector<std::string> points;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return points;
    char line[4096];
    while (std::fgets(line, sizeof line, pipe))
        if (std::string(line).rfind("POINT ", 0) == 0) points.emplace_back(line + 6);
    pclose(pipe);
    return points;
}

/// Least-squares slope of log(y) against log(x): cost ∝ size^slope (1 linear, 2 quadratic).
inline double logSlope(const std::vector<double>& x, const std::vector<double>& y) {
    double mx = 0, my = 0;
    std::size_t n = 0;
    for (std::size_t k = 0; k < x.size() && k < y.size(); ++k)
        if (x[k] > 0 && y[k] > 0) mx += std::log(x[k]), my += std::log(y[k]), ++n;
    if (n < 2) return std::nan("");
    mx /= double(n);
    my /= double(n);
    double sxy = 0, sxx = 0;
    for (std::size_t k = 0; k < x.size() && k < y.size(); ++k)
        if (x[k] > 0 && y[k] > 0) {
            const double dx = std::log(x[k]) - mx;
            sxy += dx * (std::log(y[k]) - my);
            sxx += dx * dx;
        }
    return sxy / sxx;
}

/// The comma-separated numbers of a command-line value ("100,300,1000").
inline std::vector<long> parseList(const std::string& text) {
    std::vector<long> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find(',', start);
        out.push_back(std::stol(text.substr(start, end - start)));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

} // namespace flicker::bench
