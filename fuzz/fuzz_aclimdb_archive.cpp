// The aclImdb archive reader (reviews streamed out of a .tar.gz without unpacking): any bytes as
// an archive. Accepted reviews carry valid UTF-8 text, a label from their folder and an id of
// the form split/label/name.
#include "fuzz_support.h"
#include "text/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flicker;
    const std::string path = fuzz::writeInput(data, size, "aclImdb.tar.gz");
    ReadSettings settings;
    settings.includeUnsup = size > 0 && (data[size - 1] & 1);
    Corpus corpus;
    if (!fuzz::accepts([&] { corpus = readAclImdbArchive(path, settings); })) return 0;
    fuzz::require(!corpus.reviews.empty(), "an accepted corpus has reviews");
    for (const Review& review : corpus.reviews) {
        std::string text = review.text;
        fuzz::require(repairUtf8(text) == 0, "review text is valid UTF-8");
        fuzz::require(review.label >= -1 && review.label <= 1, "labels −1, 0 or 1");
        fuzz::require(review.id.find('/') != std::string::npos, "ids name their folder");
    }
    return 0;
}
