// The built-in demo corpus: English-like movie reviews with sentiment labels, generated
// deterministically from a seed out of word lists and templates in resources/demo_corpus/,
// so that Flicker works with no download.
#pragma once

#include "signal/random.h"
#include "text/readers.h"
#include "text/review.h"

#include <cstdint>

namespace flicker {

struct DemoCorpusSettings {
    std::uint64_t seed = kDefaultSeed; ///< same seed → the same reviews on every platform
    std::size_t trainCount = 25000;    ///< reviews in the train split (IMDb: 25,000)
    std::size_t testCount = 25000;     ///< reviews in the test split (IMDb: 25,000)
    TokenizerSettings tokenizer;
    unsigned threads = 0; ///< worker threads, 0 = all cores; never changes the text
};

/// Labels are balanced within each split (half positive); ids are "demo/train/17",
/// "demo/test/3"; rating is 0. About 2 s for the default 50,000 reviews on two cores.
/// Throws flicker::Error: InvalidArgument (no reviews asked for), Cancelled (stop requested).
Corpus generateDemoCorpus(const DemoCorpusSettings& settings = {}, const ProgressFn& progress = {},
                          std::stop_token stop = {});

} // namespace flicker
