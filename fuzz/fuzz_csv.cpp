// CSV reviews: readCsvCorpus on any bytes. An accepted corpus holds reviews of valid UTF-8 text
// with labels 0 or 1, each in train or test, and at least one of them.
#include "fuzz_support.h"
#include "text/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flicker;
    const std::string path = fuzz::writeInput(data, size, "reviews.csv");
    Corpus corpus;
    if (!fuzz::accepts([&] { corpus = readCsvCorpus(path); })) return 0;
    fuzz::require(!corpus.reviews.empty(), "an accepted corpus has reviews");
    for (const Review& review : corpus.reviews) {
        std::string text = review.text;
        fuzz::require(repairUtf8(text) == 0, "review text is valid UTF-8");
        fuzz::require(review.label == 0 || review.label == 1, "labels are 0 or 1");
        fuzz::require(review.split == Split::Train || review.split == Split::Test, "a split");
    }
    return 0;
}
