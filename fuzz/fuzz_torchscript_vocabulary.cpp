// TorchScript import's vocabulary check: a fixed small TorchScript model (tests/data) with any
// bytes as its vocabulary JSON. The import may only refuse with an Error; an accepted model's
// vocabulary fits the model's embedding rows.
#include "fuzz_support.h"
#include "model/model.h"

#include <optional>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flicker;
    const std::string vocabulary = fuzz::writeInput(data, size, "vocab.json");
    std::optional<Model> model; // (a default Model would build a full-size network each time)
    if (!fuzz::accepts(
            [&] { model.emplace(importTorchScript(FLICKER_FUZZ_TORCHSCRIPT, vocabulary)); }))
        return 0;
    fuzz::require(model->vocabulary.size() == std::size_t(model->network.settings().vocabularySize),
                  "one embedding row per word");
    return 0;
}
