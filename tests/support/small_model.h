// A small network trained for one epoch on the demo corpus, for tests that need a real model
// whose activations come from training (a second or two), not from random weights.
#pragma once

#include "text/demo_corpus.h"
#include "train/dataset.h"

#include <cstddef>

namespace flicker::test {

/// The demo corpus with `perSplit` reviews in each of train and test (seed 1).
inline Corpus smallDemoCorpus(std::size_t perSplit) {
    DemoCorpusSettings demo;
    demo.trainCount = demo.testCount = perSplit;
    return generateDemoCorpus(demo);
}

/// E = embedding, H = hidden, one epoch on the first `maxLength` words, a 2,000-word vocabulary.
inline Model trainSmallModel(const Corpus& corpus, int embedding, int hidden,
                             std::size_t maxLength) {
    ModelSettings ms;
    ms.embedding = embedding;
    ms.hidden = hidden;
    TrainingSettings t;
    t.epochs = 1;
    t.maxLength = maxLength;
    return trainOnCorpus(corpus, ms, t, 2000).value;
}

} // namespace flicker::test
