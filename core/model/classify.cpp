#include "model/classify.h"

#include "error.h"
#include "text/tokenizer.h"

#include <algorithm>
#include <limits>

namespace flicker {

CorpusPredictions classifyCorpus(const Model& model, const Corpus& corpus, std::size_t maxLength,
                                 const ProgressFn& progress, std::stop_token stop) {
    return classifyCorpusStreaming(model, corpus, maxLength, {}, progress, stop);
}

CorpusPredictions classifyCorpusStreaming(const Model& model, const Corpus& corpus,
                                          std::size_t maxLength, const ClassifiedBatchFn& onBatch,
                                          const ProgressFn& progress, std::stop_token stop) {
    CorpusPredictions out;
    const std::size_t n = corpus.reviews.size();
    out.ids.resize(n);
    out.probability.assign(n, std::numeric_limits<float>::quiet_NaN());
    const Tokenizer tokenizer(model.tokenizer);
    for (std::size_t k = 0; k < n; ++k)
        out.ids[k] = model.vocabulary.encode(tokenizer.tokenize(corpus.reviews[k].text), maxLength);
    constexpr std::size_t kBatch = 2048;
    for (std::size_t start = 0; start < n; start += kBatch) {
        throwIfStopped(stop, "classifying the reviews was cancelled");
        const std::size_t end = std::min(n, start + kBatch);
        const std::vector<std::vector<std::int32_t>> batch(out.ids.begin() + long(start),
                                                           out.ids.begin() + long(end));
        const std::vector<float> p = model.network.predict(batch);
        std::copy(p.begin(), p.end(), out.probability.begin() + long(start));
        if (onBatch) onBatch(start, p);
        report(progress,
               {"classifying", end, n,
                "classified " + std::to_string(end) + " of " + std::to_string(n) + " reviews"});
    }
    return out;
}

} // namespace flicker
