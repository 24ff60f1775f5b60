#include "model/torch_import.h"

#include "error.h"
#include "input_file.h"

#include <torch/script.h>

#include <cmath>
#include <map>

namespace flicker::detail {
namespace {

// LibTorch 1.13's unpickler takes a tensor's storage offset, sizes and strides from the file
// without checking them against the storage it read, so a crafted file can describe a tensor
// that reaches past its storage: every read of it would then read other memory. Each tensor's
// extent is checked before anything reads it.
void checkExtent(const std::string& path, const std::string& name, const torch::Tensor& t) {
    auto refuse = [&](const std::string& why) {
        throw Error(ErrorCode::ParseError,
                    path + ": tensor '" + name + "' is damaged (" + why +
                        "); the file was not written by torch.jit.save or was altered",
                    name);
    };
    if (!t.has_storage()) refuse("it has no storage");
    const std::int64_t itemSize = std::int64_t(t.element_size());
    if (itemSize <= 0) refuse("its element type has no size");
    const std::int64_t storageElements = std::int64_t(t.storage().nbytes()) / itemSize;
    const std::int64_t offset = t.storage_offset();
    if (offset < 0) refuse("negative storage offset");
    bool empty = false;
    for (std::int64_t d = 0; d < t.dim(); ++d) {
        if (t.size(d) < 0 || t.stride(d) < 0) refuse("negative size or stride");
        if (t.size(d) == 0) empty = true;
    }
    if (empty) return;          // no element is ever read
    std::int64_t last = offset; // the largest element index the tensor reaches
    for (std::int64_t d = 0; d < t.dim(); ++d) {
        std::int64_t reach = 0;
        if (__builtin_mul_overflow(t.size(d) - 1, t.stride(d), &reach) ||
            __builtin_add_overflow(last, reach, &last))
            refuse("its sizes and strides overflow");
    }
    if (last >= storageElements)
        refuse("it reaches element " + std::to_string(last) + " of a storage of " +
               std::to_string(storageElements));
}

std::vector<float> floats(const std::string& path, const std::string& name,
                          const torch::Tensor& t) {
    const torch::Tensor c = t.detach().to(torch::kFloat).contiguous();
    std::vector<float> v(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!std::isfinite(v[i]))
            throw Error(ErrorCode::ParseError,
                        path + ": parameter " + name + " holds a non-finite value (NaN or " +
                            "infinity) at index " + std::to_string(i) +
                            ": the model was saved from a failed training run",
                        name);
    return v;
}

} // namespace

std::pair<ModelSettings, ModelWeights> readTorchScriptWeights(const std::string& path) {
    checkInputFile(path, kMaxModelFileBytes, "TorchScript model");
    torch::jit::Module module;
    try {
        module = torch::jit::load(path, torch::kCPU);
    } catch (const std::exception& e) {
        std::string what = e.what();
        if (const auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
        throw Error(ErrorCode::ParseError,
                    path +
                        ": not a readable TorchScript file (save it with torch.jit.save): " + what,
                    path);
    }
    std::map<std::string, torch::Tensor> p;
    for (const auto& item : module.named_parameters(/*recurse=*/true))
        p[item.name] = item.value;
    for (const auto& item : module.named_buffers(/*recurse=*/true))
        p.emplace(item.name, item.value);
    for (const auto& [name, tensor] : p)
        checkExtent(path, name, tensor);
    auto need = [&](const std::string& name) -> const torch::Tensor& {
        const auto it = p.find(name);
        if (it == p.end()) {
            std::string have;
            for (const auto& [n, v] : p)
                have += (have.empty() ? "" : ", ") + n;
            throw Error(ErrorCode::ParseError,
                        path + ": the module has no parameter '" + name +
                            "'. Flicker expects attributes embedding (nn.Embedding), lstm "
                            "(single-layer nn.LSTM) and fc (nn.Linear to one logit); found: " +
                            have,
                        name);
        }
        return it->second;
    };
    if (p.count("lstm.weight_ih_l1"))
        throw Error(ErrorCode::ParseError,
                    path +
                        ": the LSTM has more than one layer; Flicker analyses single-layer LSTMs",
                    "lstm");
    if (p.count("lstm.weight_ih_l0_reverse"))
        throw Error(ErrorCode::ParseError,
                    path + ": the LSTM is bidirectional; Flicker analyses one-directional LSTMs",
                    "lstm");
    const torch::Tensor& emb = need("embedding.weight");
    const torch::Tensor& wih = need("lstm.weight_ih_l0");
    const torch::Tensor& whh = need("lstm.weight_hh_l0");
    const torch::Tensor& fcw = need("fc.weight");
    const torch::Tensor& fcb = need("fc.bias");
    if (emb.dim() != 2 || wih.dim() != 2 || whh.dim() != 2)
        throw Error(ErrorCode::ParseError, path + ": embedding or LSTM weights are not matrices");
    ModelSettings s;
    s.vocabularySize = std::int32_t(emb.size(0));
    s.embedding = std::int32_t(emb.size(1));
    s.hidden = std::int32_t(whh.size(1));
    const std::int64_t H = s.hidden;
    auto shape = [&](const char* name, const torch::Tensor& t, std::vector<std::int64_t> want) {
        if (t.sizes().vec() != want) {
            std::string got, w;
            for (auto d : t.sizes())
                got += (got.empty() ? "" : "×") + std::to_string(d);
            for (auto d : want)
                w += (w.empty() ? "" : "×") + std::to_string(d);
            throw Error(ErrorCode::ParseError,
                        path + ": parameter " + name + " has shape " + got + ", expected " + w +
                            " (fc must map the " + std::to_string(H) +
                            " hidden units to one logit)",
                        name);
        }
    };
    shape("lstm.weight_ih_l0", wih, {4 * H, s.embedding});
    shape("lstm.weight_hh_l0", whh, {4 * H, H});
    shape("fc.weight", fcw, {1, H});
    shape("fc.bias", fcb, {1});
    ModelWeights w;
    w.embedding = floats(path, "embedding.weight", emb);
    w.weightIh = floats(path, "lstm.weight_ih_l0", wih);
    w.weightHh = floats(path, "lstm.weight_hh_l0", whh);
    // An LSTM saved with bias=False has no bias vectors: zeros are the same network.
    w.biasIh = p.count("lstm.bias_ih_l0") ? floats(path, "lstm.bias_ih_l0", p["lstm.bias_ih_l0"])
                                          : std::vector<float>(std::size_t(4 * H), 0.0f);
    w.biasHh = p.count("lstm.bias_hh_l0") ? floats(path, "lstm.bias_hh_l0", p["lstm.bias_hh_l0"])
                                          : std::vector<float>(std::size_t(4 * H), 0.0f);
    w.fcWeight = floats(path, "fc.weight", fcw);
    w.fcBias = floats(path, "fc.bias", fcb);
    return {s, w};
}

} // namespace flicker::detail
