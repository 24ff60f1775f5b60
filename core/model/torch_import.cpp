#include "model/torch_import.h"

#include "error.h"

#include <torch/script.h>

#include <map>

namespace flicker::detail {
namespace {

std::vector<float> floats(const torch::Tensor& t) {
    const torch::Tensor c = t.detach().to(torch::kFloat).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

} // namespace

std::pair<ModelSettings, ModelWeights> readTorchScriptWeights(const std::string& path) {
    torch::jit::Module module;
    try {
        module = torch::jit::load(path, torch::kCPU);
    } catch (const std::exception& e) {
        std::string what = e.what();
        if (const auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
        throw Error(ErrorCode::ParseError,
                    path + ": not a readable TorchScript file (save it with torch.jit.save): " + what,
                    path);
    }
    std::map<std::string, torch::Tensor> p;
    for (const auto& item : module.named_parameters(/*recurse=*/true))
        p[item.name] = item.value;
    for (const auto& item : module.named_buffers(/*recurse=*/true))
        p.emplace(item.name, item.value);
    auto need = [&](const std::string& name) -> const torch::Tensor& {
        const auto it = p.find(name);
        if (it == p.end()) {
            std::string have;
            for (const auto& [n, v] : p)
                have += (have.empty() ? "" : ", ") + n;
            throw Error(ErrorCode::ParseError,
                        path + ": the module has no parameter '" + name +
                            "'. Flicker expects attributes embedding (nn.Embedding), lstm "
                            "(single-layer nn.LSTM) and fc (nn.Linear to one logit); found: " + have,
                        name);
        }
        return it->second;
    };
    if (p.count("lstm.weight_ih_l1"))
        throw Error(ErrorCode::ParseError,
                    path + ": the LSTM has more than one layer; Flicker analyses single-layer LSTMs",
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
                            " (fc must map the " + std::to_string(H) + " hidden units to one logit)",
                        name);
        }
    };
    shape("lstm.weight_ih_l0", wih, {4 * H, s.embedding});
    shape("lstm.weight_hh_l0", whh, {4 * H, H});
    shape("fc.weight", fcw, {1, H});
    shape("fc.bias", fcb, {1});
    ModelWeights w;
    w.embedding = floats(emb);
    w.weightIh = floats(wih);
    w.weightHh = floats(whh);
    // An LSTM saved with bias=False has no bias vectors: zeros are the same network.
    w.biasIh = p.count("lstm.bias_ih_l0") ? floats(p["lstm.bias_ih_l0"])
                                          : std::vector<float>(std::size_t(4 * H), 0.0f);
    w.biasHh = p.count("lstm.bias_hh_l0") ? floats(p["lstm.bias_hh_l0"])
                                          : std::vector<float>(std::size_t(4 * H), 0.0f);
    w.fcWeight = floats(fcw);
    w.fcBias = floats(fcb);
    return {s, w};
}

} // namespace flicker::detail
