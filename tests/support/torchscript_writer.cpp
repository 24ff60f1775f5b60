#include "support/torchscript_writer.h"

#include <torch/script.h>

#include <limits>

namespace flicker::testing {

void writeTorchScriptClassifier(const std::string& path, TorchScriptDamage damage) {
    constexpr std::int64_t V = 12, E = 4, H = 6;
    torch::manual_seed(5);
    auto param = [](torch::jit::Module& m, const char* name, torch::Tensor t) {
        m.register_parameter(name, t, /*is_buffer=*/false);
    };
    torch::Tensor embedding = torch::randn({V, E});
    torch::Tensor weightHh = torch::randn({4 * H, H}) * 0.3;
    torch::Tensor fcWeight = torch::randn({1, H}) * 0.3;
    torch::Tensor biasIh = torch::randn({4 * H}) * 0.1;
    switch (damage) {
    case TorchScriptDamage::None:
        break;
    case TorchScriptDamage::OffsetBeyond: // 48 floats of storage, the view starts at 1,000
        embedding.unsafeGetTensorImpl()->set_storage_offset(1000);
        break;
    case TorchScriptDamage::StrideBeyond: // 144 floats of storage, rows 60 apart
    {
        const std::int64_t sizes[] = {4 * H, H}, strides[] = {60, 1};
        weightHh.unsafeGetTensorImpl()->set_sizes_and_strides(c10::IntArrayRef(sizes),
                                                              c10::IntArrayRef(strides));
    } break;
    case TorchScriptDamage::NonFinite:
        fcWeight[0][2] = std::numeric_limits<float>::quiet_NaN();
        break;
    case TorchScriptDamage::ShortBias:
        biasIh = torch::randn({3});
        break;
    }
    torch::jit::Module root("__torch__.FlickerTestClassifier");
    torch::jit::Module emb("__torch__.FlickerTestEmbedding");
    param(emb, "weight", embedding);
    torch::jit::Module lstm("__torch__.FlickerTestLSTM");
    param(lstm, "weight_ih_l0", torch::randn({4 * H, E}) * 0.3);
    param(lstm, "weight_hh_l0", weightHh);
    param(lstm, "bias_ih_l0", biasIh);
    param(lstm, "bias_hh_l0", torch::randn({4 * H}) * 0.1);
    torch::jit::Module fc("__torch__.FlickerTestLinear");
    param(fc, "weight", fcWeight);
    param(fc, "bias", torch::randn({1}) * 0.1);
    root.register_module("embedding", emb);
    root.register_module("lstm", lstm);
    root.register_module("fc", fc);
    root.save(path);
}

} // namespace flicker::testing
