// The built-in demo corpus: English-like movie reviews with sentiment labels, generated
// deterministically from a seed out of word lists and templates in resources/demo_corpus/,
// so that Flicker works with no download.
#pragma once

#include "text/readers.h"
#include "text/review.h"

#include <cstdint>

namespace flicker {

struct DemoCorpusSettings {
    std::uint64_t seed = 1;
    std::size_t trainCount = 25000;
    std::size_t testCount = 25000;
    TokenizerSettings tokenizer;
};

Corpus generateDemoCorpus(const DemoCorpusSettings& settings = {},
                          const ProgressCallback& progress = {}, std::stop_token stop = {});

} // namespace flicker
