// Vocabulary JSON (a model's, or an imported PyTorch model's): Vocabulary::fromJson on any text;
// an accepted vocabulary has <pad> and <unk>, maps every id back to its word, and survives
// toJson → fromJson unchanged.
#include "fuzz_support.h"
#include "text/vocabulary.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flicker;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    Vocabulary vocabulary;
    if (!fuzz::accepts([&] { vocabulary = Vocabulary::fromJson(text, "vocab.json"); })) return 0;
    fuzz::require(vocabulary.word(vocabulary.padId()) == "<pad>", "<pad> where padId says");
    fuzz::require(vocabulary.word(vocabulary.unknownId()) == "<unk>", "<unk> where unknownId says");
    for (std::size_t id = 0; id < vocabulary.size(); ++id)
        fuzz::require(vocabulary.id(vocabulary.word(std::int32_t(id))) == std::int32_t(id),
                      "id(word(id)) == id");
    const std::string json = vocabulary.toJson();
    Vocabulary again;
    fuzz::require(fuzz::accepts([&] { again = Vocabulary::fromJson(json, "again.json"); }),
                  "a written vocabulary reads back");
    fuzz::require(again.words() == vocabulary.words(), "the same words after a round trip");
    return 0;
}
