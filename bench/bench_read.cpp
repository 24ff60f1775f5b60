// Corpus loading time: reads a data set (by default the IMDb archive in /work/shared/datasets)
// with readCorpus — stream, UTF-8 repair, tokens — and prints reviews, seconds and MB/s; then
// times tokenizing alone and building the 10,000-word vocabulary. Budget: under 10 s for the
// 50,000 IMDb reviews.
//
//   bench_read [path] [--repeat K]
#include "error.h"
#include "text/readers.h"
#include "text/vocabulary.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

using namespace flicker;
using Clock = std::chrono::steady_clock;

namespace {
double seconds(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}
} // namespace

int main(int argc, char** argv) {
    std::string path = "/work/shared/datasets/aclImdb_v1_labelled.tar.gz";
    int repeat = 3;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = std::atoi(argv[++i]);
        else
            path = argv[i];
    }
    std::error_code ec;
    const double inputMb = double(std::filesystem::file_size(path, ec)) / 1e6;

    try {
        double best = 1e30;
        Corpus corpus;
        for (int r = 0; r < std::max(repeat, 1); ++r) {
            const auto start = Clock::now();
            corpus = readCorpus(path);
            best = std::min(best, seconds(start, Clock::now()));
        }
        std::size_t textBytes = 0, tokens = 0;
        for (const Review& review : corpus.reviews) {
            textBytes += review.text.size();
            tokens += review.tokens.size();
        }
        const double textMb = double(textBytes) / 1e6;
        std::printf("%s\n", path.c_str());
        std::printf("reviews %zu (train %zu, test %zu, unsup %zu), tokens %zu, text %.1f MB\n",
                    corpus.reviews.size(), corpus.count(Split::Train), corpus.count(Split::Test),
                    corpus.count(Split::Unsup), tokens, textMb);
        std::printf("read + repair + tokenize: %.3f s (best of %d), %.1f MB/s of text, "
                    "%.1f MB/s of input\n",
                    best, std::max(repeat, 1), textMb / best, ec ? 0.0 : inputMb / best);
        std::printf("report: %zu files, %zu ignored, %zu empty skipped, %zu with bad UTF-8\n",
                    corpus.report.filesRead, corpus.report.entriesIgnored,
                    corpus.report.reviewsSkippedEmpty, corpus.report.reviewsWithBadUtf8);

        const Tokenizer tokenizer;
        auto start = Clock::now();
        std::size_t again = 0;
        for (const Review& review : corpus.reviews)
            again += tokenizer.tokenize(review.text).size();
        const double tokenizeSeconds = seconds(start, Clock::now());
        std::printf("tokenize alone: %.3f s, %.1f MB/s (%zu tokens)\n", tokenizeSeconds,
                    textMb / tokenizeSeconds, again);

        start = Clock::now();
        const Vocabulary vocabulary = Vocabulary::build(corpus, Split::Train, 10000);
        std::printf("vocabulary of %zu words: %.3f s\n", vocabulary.size(),
                    seconds(start, Clock::now()));
    } catch (const Error& e) {
        std::fprintf(stderr, "bench_read: %s\n", e.what());
        return 1;
    }
    return 0;
}
