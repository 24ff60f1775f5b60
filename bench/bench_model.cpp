// LSTM training and recording throughput at the spec's default size (E = 64, H = 64,
// batch 64; --hidden changes H) on IMDb-like review lengths, for each LibTorch thread count and
// each LSTM layer (Flicker's fused one, torch::nn::LSTM). With --write-data FILE it also writes
// the same reviews for bench/train_pytorch.py, the PyTorch-from-Python baseline
// (bench/train_vs_pytorch.sh runs both and prints the ratios).
//
//   bench_model [--reviews N] [--hidden H] [--threads 1,2] [--lstm fused,libtorch]
//               [--write-data FILE] [--record-only|--train-only]
#include "model/lstm_classifier.h"
#include "record/recorder.h"
#include "signal/random.h"
#include "train/trainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using namespace flicker;
using Clock = std::chrono::steady_clock;

namespace {
// Lengths like IMDb's (log-normal, median ≈ 175 words, capped at 500 training tokens), Zipf ids.
LabelledIds imdbLike(std::size_t count, std::uint64_t seed) {
    Rng rng(seed);
    LabelledIds data;
    for (std::size_t k = 0; k < count; ++k) {
        const double len = std::exp(std::log(175.0) + 0.75 * rng.normal());
        const std::size_t n = std::size_t(std::clamp(len, 10.0, 500.0));
        std::vector<std::int32_t> ids(n);
        for (auto& id : ids)
            id = std::int32_t(2 + std::min<double>(9999, std::floor(std::exp(rng.uniform() *
                                                                             std::log(10000.0)))));
        data.ids.push_back(std::move(ids));
        data.labels.push_back(int(rng.below(2)));
    }
    return data;
}

std::vector<int> parseList(const char* text) {
    std::vector<int> out;
    for (const char* p = text; *p;) {
        out.push_back(std::atoi(p));
        while (*p && *p != ',')
            ++p;
        if (*p == ',') ++p;
    }
    return out;
}
} // namespace

int main(int argc, char** argv) {
    std::size_t reviews = 3000;
    std::vector<int> threadCounts{1, 2};
    const char* writeData = nullptr;
    std::int32_t hidden = 64;
    std::vector<LstmKernel> kernels{LstmKernel::Fused, LstmKernel::LibTorch};
    bool doTrain = true, doRecord = true;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--reviews") && i + 1 < argc)
            reviews = std::strtoul(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            threadCounts = parseList(argv[++i]);
        else if (!std::strcmp(argv[i], "--hidden") && i + 1 < argc)
            hidden = std::int32_t(std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--lstm") && i + 1 < argc) {
            const std::string list = argv[++i];
            kernels.clear();
            if (list.find("fused") != std::string::npos) kernels.push_back(LstmKernel::Fused);
            if (list.find("libtorch") != std::string::npos) kernels.push_back(LstmKernel::LibTorch);
        } else if (!std::strcmp(argv[i], "--write-data") && i + 1 < argc)
            writeData = argv[++i];
        else if (!std::strcmp(argv[i], "--record-only"))
            doTrain = false;
        else if (!std::strcmp(argv[i], "--train-only"))
            doRecord = false;
    }
    const LabelledIds data = imdbLike(reviews, 1);
    std::size_t tokens = 0;
    for (const auto& r : data.ids)
        tokens += r.size();
    if (writeData) {
        std::ofstream out(writeData);
        for (std::size_t k = 0; k < data.ids.size(); ++k) {
            out << data.labels[k];
            for (auto id : data.ids[k])
                out << ' ' << id;
            out << '\n';
        }
        std::printf("wrote %zu reviews (%zu tokens) to %s\n", data.ids.size(), tokens, writeData);
    }
    ModelSettings settings; // V = 10002, E = 64, H = 64
    settings.hidden = hidden;
    if (doTrain) {
        std::printf("\ntraining one epoch: %zu reviews, %zu tokens, E = %d, H = %d, batch 64\n",
                    reviews, tokens, settings.embedding, settings.hidden);
        for (int threads : threadCounts)
            for (LstmKernel kernel : kernels) {
                configureTorchThreads(threads);
                LstmClassifier model(settings);
                TrainingSettings t;
                t.epochs = 1;
                t.lstmKernel = kernel;
                const TrainingHistory r = train(model, data, {}, t).value;
                std::printf("  %-8s threads %d: %8.0f tokens/s (%.1f s, final loss %.4f)\n",
                            kernel == LstmKernel::Fused ? "fused" : "LibTorch", threads,
                            r.epochs.back().tokensPerSecond, r.epochs.back().seconds,
                            r.epochs.back().trainLoss);
            }
        // Prediction, as the per-epoch test evaluation runs it (batches of 256 by length).
        std::printf("\npredicting the same reviews (the test evaluation of every epoch)\n");
        for (int threads : threadCounts)
            for (LstmKernel kernel : kernels) {
                configureTorchThreads(threads);
                const LstmClassifier model(settings);
                const auto start = Clock::now();
                const std::vector<float> p = model.predict(data.ids, kernel);
                const double s = std::chrono::duration<double>(Clock::now() - start).count();
                std::printf("  %-8s threads %d: %8.0f tokens/s predicted (%.2f s, P[0] %.6f)\n",
                            kernel == LstmKernel::Fused ? "fused" : "LibTorch", threads,
                            double(tokens) / s, s, double(p[0]));
            }
    }
    if (doRecord) {
        // The analysis set: ~1,900 long test reviews of 500 steps.
        std::vector<std::vector<std::int32_t>> longReviews(1900);
        for (std::size_t k = 0; k < longReviews.size(); ++k)
            longReviews[k] = imdbLike(1, 100 + k).ids[0], longReviews[k].resize(500, 5);
        std::printf("\nrecording x, i, f, g, o, c, h of 1,900 reviews × 500 steps (E = H = 64)\n");
        for (int threads : threadCounts) {
            configureTorchThreads(threads);
            const LstmClassifier model(settings);
            const auto start = Clock::now();
            const auto recordings = Recorder(model).recordMany(longReviews);
            const double s = std::chrono::duration<double>(Clock::now() - start).count();
            std::printf("  LibTorch threads %d: %.2f s (%.0f reviews/s)\n", threads, s,
                        double(recordings.size()) / s);
        }
    }
    return 0;
}
