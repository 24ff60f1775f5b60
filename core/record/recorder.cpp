#include "record/recorder.h"

#include "error.h"
#include "model/lstm_classifier_impl.h"

#include <algorithm>
#include <map>

namespace flicker {

std::span<const float> Recording::values(ActivationKind kind) const {
    switch (kind) {
    case ActivationKind::X:
        return x;
    case ActivationKind::I:
        return i;
    case ActivationKind::F:
        return f;
    case ActivationKind::G:
        return g;
    case ActivationKind::O:
        return o;
    case ActivationKind::C:
        return c;
    case ActivationKind::H:
        return h;
    }
    return {};
}

namespace {

void checkIds(std::span<const std::int32_t> ids, std::int32_t vocabularySize, std::size_t review) {
    if (ids.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "review " + std::to_string(review + 1) + " has no tokens: nothing to record");
    for (std::size_t t = 0; t < ids.size(); ++t)
        if (ids[t] < 0 || ids[t] >= vocabularySize)
            throw Error(ErrorCode::InvalidArgument,
                        "review " + std::to_string(review + 1) + ", word " + std::to_string(t + 1) +
                            ": id " + std::to_string(ids[t]) + " is outside the vocabulary (0 … " +
                            std::to_string(vocabularySize - 1) + ")");
}

std::vector<float> rowOf(const torch::Tensor& all, std::int64_t b) {
    const torch::Tensor t = all[b].contiguous();
    return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
}

// Runs the cell equations of science.md explicitly for a batch of B reviews of equal length T,
// with the module's own weights: x (B×T×E) → i, f, g, o, c, h (each B×T×H).
std::vector<Recording> runBatch(detail::ClassifierImpl& net,
                                const std::vector<const std::vector<std::int32_t>*>& batch) {
    const std::int64_t B = std::int64_t(batch.size()), T = std::int64_t(batch.front()->size());
    const std::int64_t H = net.settings.hidden;
    auto params = net.lstm->named_parameters();
    const torch::Tensor Wih = params["weight_ih_l0"], Whh = params["weight_hh_l0"];
    const torch::Tensor bias = params["bias_ih_l0"] + params["bias_hh_l0"];

    torch::Tensor ids = torch::empty({B, T}, torch::kLong);
    auto idsA = ids.accessor<std::int64_t, 2>();
    for (std::int64_t b = 0; b < B; ++b)
        for (std::int64_t t = 0; t < T; ++t)
            idsA[b][t] = (*batch[std::size_t(b)])[std::size_t(t)];
    const torch::Tensor x = net.embedding->forward(ids); // B×T×E
    const torch::Tensor xw =
        torch::addmm(bias, x.reshape({B * T, -1}), Wih.t()).reshape({B, T, 4 * H});
    const torch::Tensor WhhT = Whh.t().contiguous();

    torch::Tensor gatesAll = torch::empty({B, T, 4 * H}); // activated i, f, g, o
    torch::Tensor cAll = torch::empty({B, T, H}), hAll = torch::empty({B, T, H});
    torch::Tensor h = torch::zeros({B, H}), c = torch::zeros({B, H});
    for (std::int64_t t = 0; t < T; ++t) {
        torch::Tensor pre = torch::addmm(xw.select(1, t), h, WhhT); // B×4H
        torch::Tensor act = gatesAll.select(1, t);
        torch::sigmoid_out(act, pre); // i, f, o (g is redone)
        torch::Tensor gBlock = act.narrow(1, 2 * H, H);
        torch::tanh_out(gBlock, pre.narrow(1, 2 * H, H));
        const torch::Tensor ig = act.narrow(1, 0, H), fg = act.narrow(1, H, H);
        const torch::Tensor gg = act.narrow(1, 2 * H, H), og = act.narrow(1, 3 * H, H);
        c = fg * c + ig * gg;
        h = og * torch::tanh(c);
        cAll.select(1, t).copy_(c);
        hAll.select(1, t).copy_(h);
    }
    const torch::Tensor prob = torch::sigmoid(net.fc->forward(h)).squeeze(1).contiguous();

    std::vector<Recording> out(static_cast<std::size_t>(B));
    const torch::Tensor xc = x.contiguous();
    for (std::int64_t b = 0; b < B; ++b) {
        Recording& r = out[std::size_t(b)];
        r.ids = *batch[std::size_t(b)];
        r.steps = std::size_t(T);
        r.embedding = std::size_t(net.settings.embedding);
        r.hidden = std::size_t(H);
        r.x = rowOf(xc, b);
        const torch::Tensor gb = gatesAll[b];
        r.i = rowOf(gb.narrow(1, 0, H).unsqueeze(0), 0);
        r.f = rowOf(gb.narrow(1, H, H).unsqueeze(0), 0);
        r.g = rowOf(gb.narrow(1, 2 * H, H).unsqueeze(0), 0);
        r.o = rowOf(gb.narrow(1, 3 * H, H).unsqueeze(0), 0);
        r.c = rowOf(cAll, b);
        r.h = rowOf(hAll, b);
        r.probability = prob[b].item<float>();
    }
    return out;
}

} // namespace

Recording recordWithTorchLstm(const LstmClassifier& model, std::span<const std::int32_t> ids) {
    checkIds(ids, model.settings().vocabularySize, 0);
    torch::NoGradGuard noGrad;
    detail::ClassifierImpl& net = model.impl();
    const std::int64_t T = std::int64_t(ids.size()), H = net.settings.hidden;
    torch::Tensor idt = torch::empty({1, T}, torch::kLong);
    for (std::int64_t t = 0; t < T; ++t)
        idt[0][t] = ids[std::size_t(t)];
    const torch::Tensor x = net.embedding->forward(idt);
    // Feed one step at a time so that c is visible at every step, not only at the end.
    std::tuple<torch::Tensor, torch::Tensor> state{torch::zeros({1, 1, H}),
                                                   torch::zeros({1, 1, H})};
    Recording r;
    r.ids.assign(ids.begin(), ids.end());
    r.steps = std::size_t(T);
    r.hidden = std::size_t(H);
    r.embedding = std::size_t(net.settings.embedding);
    for (std::int64_t t = 0; t < T; ++t) {
        auto out = net.lstm->forward(x.narrow(1, t, 1), state);
        state = std::get<1>(out);
        const torch::Tensor h = std::get<0>(state).reshape({H}).contiguous();
        const torch::Tensor c = std::get<1>(state).reshape({H}).contiguous();
        r.h.insert(r.h.end(), h.data_ptr<float>(), h.data_ptr<float>() + H);
        r.c.insert(r.c.end(), c.data_ptr<float>(), c.data_ptr<float>() + H);
    }
    r.probability =
        torch::sigmoid(net.fc->forward(std::get<0>(state).reshape({1, H}))).item<float>();
    return r;
}

Recorder::Recorder(const LstmClassifier& model) : m_model(model) {}

Recording Recorder::record(std::span<const std::int32_t> ids) const {
    checkIds(ids, m_model.settings().vocabularySize, 0);
    torch::NoGradGuard noGrad;
    const std::vector<std::int32_t> copy(ids.begin(), ids.end());
    return std::move(runBatch(m_model.impl(), {&copy}).front());
}

std::vector<Recording> Recorder::recordMany(const std::vector<std::vector<std::int32_t>>& reviews,
                                            const ProgressFn& progress,
                                            std::stop_token stop) const {
    for (std::size_t k = 0; k < reviews.size(); ++k)
        checkIds(reviews[k], m_model.settings().vocabularySize, k);
    torch::NoGradGuard noGrad;
    std::map<std::size_t, std::vector<std::size_t>> byLength;
    for (std::size_t k = 0; k < reviews.size(); ++k)
        byLength[reviews[k].size()].push_back(k);
    std::vector<Recording> out(reviews.size());
    const std::size_t maxBatch = 128;
    std::size_t done = 0;
    for (const auto& [length, members] : byLength) {
        for (std::size_t start = 0; start < members.size(); start += maxBatch) {
            if (stop.stop_requested())
                throw Error(ErrorCode::Cancelled,
                            "recording cancelled after " + std::to_string(done) + " reviews");
            const std::size_t end = std::min(members.size(), start + maxBatch);
            std::vector<const std::vector<std::int32_t>*> batch;
            for (std::size_t k = start; k < end; ++k)
                batch.push_back(&reviews[members[k]]);
            auto recorded = runBatch(m_model.impl(), batch);
            for (std::size_t k = start; k < end; ++k)
                out[members[k]] = std::move(recorded[k - start]);
            done += end - start;
            report(progress, {"recording", done, reviews.size(),
                              "recorded " + std::to_string(done) + " of " +
                                  std::to_string(reviews.size()) + " reviews"});
        }
    }
    return out;
}

} // namespace flicker
