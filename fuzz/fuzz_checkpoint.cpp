// Checkpoints (.flicker): loadCheckpoint on any bytes. The file ends in a checksum of all
// before it, so when the first byte is odd the harness appends the right checksum to the rest:
// then mutations reach the header and the arrays behind the checksum, the loader's own checks.
// An accepted model has finite weights and saves and loads back the same.
#include "fuzz_support.h"
#include "model/model.h"

#include <cmath>
#include <optional>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flicker;
    if (size == 0) return 0;
    std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] & 1) {
        std::uint64_t h = 0xcbf29ce484222325ULL; // FNV-1a 64, as the format says
        for (const char c : bytes) {
            h ^= std::uint8_t(c);
            h *= 0x100000001b3ULL;
        }
        bytes.append(reinterpret_cast<const char*>(&h), sizeof h);
    }
    const std::string path = fuzz::writeInput(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                              bytes.size(), "model.flicker");
    std::optional<Model> model; // (a default Model would build a full-size network each time)
    if (!fuzz::accepts([&] { model.emplace(loadCheckpoint(path)); })) return 0;
    const ModelWeights weights = model->network.weights();
    for (const std::vector<float>* array :
         {&weights.embedding, &weights.weightIh, &weights.weightHh, &weights.biasIh,
          &weights.biasHh, &weights.fcWeight, &weights.fcBias})
        for (const float v : *array)
            fuzz::require(std::isfinite(v), "finite weights");
    const std::string again = (fuzz::scratchFolder() / "again.flicker").string();
    saveCheckpoint(*model, again);
    const Model reread = loadCheckpoint(again);
    fuzz::require(reread.network.weights().weightHh == weights.weightHh, "saved and read back");
    return 0;
}
