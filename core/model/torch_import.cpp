#include "model/torch_import.h"

#include "error.h"
#include "input_file.h"
#include "model/tensor_extent.h"

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
    const std::vector<std::int64_t> sizes = t.sizes().vec(), strides = t.strides().vec();
    if (const auto problem =
            tensorExtentProblem(std::int64_t(t.element_size()), std::int64_t(t.storage().nbytes()),
                                t.storage_offset(), sizes, strides))
        refuse(*problem);
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

/// The module saved at `path`; refused with the first line of LibTorch's message.
torch::jit::Module loadModule(const std::string& path) {
    try {
        return torch::jit::load(path, torch::kCPU);
    } catch (const std::exception& e) {
        std::string what = e.what();
        if (const auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
        throw Error(ErrorCode::ParseError,
                    path +
                        ": not a readable TorchScript file (save it with torch.jit.save): " + what,
                    path);
    }
}

using Tensors = std::map<std::string, torch::Tensor>; // by attribute path, "lstm.weight_ih_l0"

/// The module's parameters and buffers, each checked to lie inside its storage.
Tensors checkedTensors(const std::string& path, const torch::jit::Module& module) {
    Tensors p;
    for (const auto& item : module.named_parameters(/*recurse=*/true))
        p[item.name] = item.value;
    for (const auto& item : module.named_buffers(/*recurse=*/true))
        p.emplace(item.name, item.value);
    for (const auto& [name, tensor] : p)
        checkExtent(path, name, tensor);
    return p;
}

/// Flicker analyses one-directional single-layer LSTMs.
void checkLstmLayers(const std::string& path, const Tensors& p) {
    if (p.count("lstm.weight_ih_l1"))
        throw Error(ErrorCode::ParseError,
                    path +
                        ": the LSTM has more than one layer; Flicker analyses single-layer LSTMs",
                    "lstm");
    if (p.count("lstm.weight_ih_l0_reverse"))
        throw Error(ErrorCode::ParseError,
                    path + ": the LSTM is bidirectional; Flicker analyses one-directional LSTMs",
                    "lstm");
}

/// The tensor `name`; a module without it is refused, naming the tensors it has.
const torch::Tensor& need(const std::string& path, const Tensors& p, const std::string& name) {
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
}

/// "16×4"
std::string shapeText(c10::IntArrayRef sizes) {
    std::string text;
    for (auto d : sizes)
        text += (text.empty() ? "" : "×") + std::to_string(d);
    return text;
}

/// Refuses a tensor that does not have the shape `want` of an LSTM with H hidden units.
void checkShape(const std::string& path, const char* name, const torch::Tensor& t,
                const std::vector<std::int64_t>& want, std::int64_t H) {
    if (t.sizes().vec() != want)
        throw Error(ErrorCode::ParseError,
                    path + ": parameter " + name + " has shape " + shapeText(t.sizes()) +
                        ", expected " + shapeText(want) + " (fc must map the " + std::to_string(H) +
                        " hidden units to one logit)",
                    name);
}

/// The bias vector `name` of 4H values. An LSTM saved with bias=False has none: zeros are the
/// same network.
std::vector<float> bias(const std::string& path, const Tensors& p, const std::string& name,
                        std::int64_t H) {
    const auto it = p.find(name);
    if (it == p.end()) return std::vector<float>(std::size_t(4 * H), 0.0f);
    if (it->second.sizes().vec() != std::vector<std::int64_t>{4 * H})
        throw Error(ErrorCode::ParseError,
                    path + ": parameter " + name + " has shape " + shapeText(it->second.sizes()) +
                        ", expected " + std::to_string(4 * H) + " (4 gates × " + std::to_string(H) +
                        " hidden units)",
                    name);
    return floats(path, name, it->second);
}

} // namespace

std::pair<ModelSettings, ModelWeights> readTorchScriptWeights(const std::string& path) {
    checkInputFile(path, kMaxModelFileBytes, "TorchScript model");
    const Tensors p = checkedTensors(path, loadModule(path));
    checkLstmLayers(path, p);
    const torch::Tensor& emb = need(path, p, "embedding.weight");
    const torch::Tensor& wih = need(path, p, "lstm.weight_ih_l0");
    const torch::Tensor& whh = need(path, p, "lstm.weight_hh_l0");
    const torch::Tensor& fcw = need(path, p, "fc.weight");
    const torch::Tensor& fcb = need(path, p, "fc.bias");
    if (emb.dim() != 2 || wih.dim() != 2 || whh.dim() != 2)
        throw Error(ErrorCode::ParseError, path + ": embedding or LSTM weights are not matrices");
    ModelSettings s;
    s.vocabularySize = std::int32_t(emb.size(0));
    s.embedding = std::int32_t(emb.size(1));
    s.hidden = std::int32_t(whh.size(1));
    const std::int64_t H = s.hidden;
    checkShape(path, "lstm.weight_ih_l0", wih, {4 * H, s.embedding}, H);
    checkShape(path, "lstm.weight_hh_l0", whh, {4 * H, H}, H);
    checkShape(path, "fc.weight", fcw, {1, H}, H);
    checkShape(path, "fc.bias", fcb, {1}, H);
    ModelWeights w;
    w.embedding = floats(path, "embedding.weight", emb);
    w.weightIh = floats(path, "lstm.weight_ih_l0", wih);
    w.weightHh = floats(path, "lstm.weight_hh_l0", whh);
    w.biasIh = bias(path, p, "lstm.bias_ih_l0", H);
    w.biasHh = bias(path, p, "lstm.bias_hh_l0", H);
    w.fcWeight = floats(path, "fc.weight", fcw);
    w.fcBias = floats(path, "fc.bias", fcb);
    return {s, w};
}

} // namespace flicker::detail
