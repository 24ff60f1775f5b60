#include "train/trainer.h"

#include "error.h"
#include "model/lstm_classifier_impl.h"
#include "signal/random.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace flicker {
namespace {

using Clock = std::chrono::steady_clock;

// Batches of reviews of similar length: shuffle, cut into pools of 50 batches, sort each pool
// by length, cut pools into batches, shuffle the batches. Little padding, yet every epoch sees
// other neighbours. Padding only follows a review's end and is never read (see ClassifierImpl).
std::vector<std::vector<std::size_t>> makeBatches(const LabelledIds& data, std::size_t batchSize,
                                                  Rng& rng) {
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < data.ids.size(); ++k)
        if (!data.ids[k].empty()) order.push_back(k);
    for (std::size_t i = order.size(); i > 1; --i)
        std::swap(order[i - 1], order[rng.below(i)]);
    const std::size_t pool = batchSize * 50;
    std::vector<std::vector<std::size_t>> batches;
    for (std::size_t p = 0; p < order.size(); p += pool) {
        const auto first = order.begin() + std::ptrdiff_t(p);
        const auto last = order.begin() + std::ptrdiff_t(std::min(order.size(), p + pool));
        std::stable_sort(first, last, [&](std::size_t a, std::size_t b) {
            return data.ids[a].size() < data.ids[b].size();
        });
        for (auto it = first; it < last; it += std::ptrdiff_t(batchSize))
            batches.emplace_back(it, std::min(last, it + std::ptrdiff_t(batchSize)));
    }
    for (std::size_t i = batches.size(); i > 1; --i)
        std::swap(batches[i - 1], batches[rng.below(i)]);
    return batches;
}

void checkData(const LabelledIds& data, const char* name) {
    if (data.ids.size() != data.labels.size())
        throw Error(ErrorCode::InvalidArgument,
                    std::string(name) + " set: reviews and labels differ in number");
    for (int label : data.labels)
        if (label != 0 && label != 1)
            throw Error(ErrorCode::InvalidArgument,
                        std::string(name) + " set: a review has no label (0 or 1); training "
                                            "needs labelled reviews");
}

/// True when no parameter holds a NaN or an infinity.
bool allFinite(const std::vector<torch::Tensor>& params) {
    torch::NoGradGuard noGrad;
    for (const torch::Tensor& p : params)
        if (!torch::isfinite(p).all().item<bool>()) return false;
    return true;
}

} // namespace

double accuracy(const LstmClassifier& model, const LabelledIds& data, LstmKernel kernel) {
    if (data.ids.empty()) return 0;
    const std::vector<float> p = model.predict(data.ids, kernel);
    std::size_t right = 0;
    for (std::size_t k = 0; k < p.size(); ++k)
        right += (p[k] > 0.5f) == (data.labels[k] == 1);
    return double(right) / double(p.size());
}

Outcome<TrainingHistory> train(LstmClassifier& model, const LabelledIds& trainSet,
                               const LabelledIds& testSet, const TrainingSettings& settings,
                               const TrainCallbacks& callbacks, const ProgressFn& progress,
                               std::stop_token stop) {
    checkData(trainSet, "training");
    checkData(testSet, "test");
    if (trainSet.ids.empty())
        throw Error(ErrorCode::InvalidArgument, "the training set is empty: nothing to learn from");
    if (settings.epochs < 0 || settings.batchSize < 1 || !(settings.learningRate > 0) ||
        !(settings.gradientClip > 0))
        throw Error(ErrorCode::InvalidArgument,
                    "training settings out of range (epochs ≥ 0, batch ≥ 1, learning rate > 0, "
                    "gradient clip > 0)");
    const auto checkNoise = [](const char* name, double sd) {
        if (!(sd >= 0 && sd <= kMaxTrainingNoise))
            throw Error(ErrorCode::InvalidArgument,
                        std::string(name) + " noise SD must be 0 … " +
                            std::to_string(int(kMaxTrainingNoise)) + ", not " + std::to_string(sd) +
                            " (0 trains without noise)",
                        name);
    };
    checkNoise("input", settings.inputNoise);
    checkNoise("hidden", settings.hiddenNoise);

    detail::ClassifierImpl& net = model.impl();
    auto params = net.parameters();
    torch::optim::Adam optimizer(params, torch::optim::AdamOptions(settings.learningRate));
    Rng rng(settings.seed);
    // The noise has a generator of its own: a seeded run repeats exactly, whatever else draws
    // from torch's global one, and a run without noise draws nothing (bit-identical to before).
    at::Generator noiseGenerator = detail::noiseGenerator(settings.seed);
    const detail::ClassifierImpl::Noise noise{settings.inputNoise, settings.hiddenNoise,
                                              &noiseGenerator, false,
                                              settings.lstmKernel == LstmKernel::Fused};
    Outcome<TrainingHistory> result;
    TrainingHistory& history = result.value;
    history.settings = settings;

    auto evaluate = [&](int epoch) {
        EpochRecord r;
        r.epoch = epoch;
        r.testAccuracy = testSet.ids.empty() ? -1.0 : accuracy(model, testSet, settings.lstmKernel);
        return r;
    };
    if (callbacks.evaluateInitial) {
        EpochRecord r = evaluate(0);
        r.trainAccuracy = accuracy(model, trainSet, settings.lstmKernel);
        history.epochs.push_back(r);
        if (callbacks.onEpoch) callbacks.onEpoch(r, model);
    }

    std::size_t batchesDone = 0, batchesTotal = 0;
    for (int epoch = 1; epoch <= settings.epochs; ++epoch) {
        const auto batches = makeBatches(trainSet, std::size_t(settings.batchSize), rng);
        const auto start = Clock::now();
        double lossSum = 0;
        std::size_t tokens = 0, right = 0, seen = 0;
        for (std::size_t b = 0; b < batches.size(); ++b) {
            if (stop.stop_requested()) {
                result.cancelled = true;
                history.note = "cancelled in epoch " + std::to_string(epoch) + " after " +
                               std::to_string(b) + " of " + std::to_string(batches.size()) +
                               " batches";
                return result;
            }
            std::vector<const std::vector<std::int32_t>*> members;
            std::vector<float> labels;
            for (std::size_t k : batches[b]) {
                members.push_back(&trainSet.ids[k]);
                labels.push_back(float(trainSet.labels[k]));
                tokens += trainSet.ids[k].size();
            }
            auto [ids, lengths] = detail::padBatch(members);
            const torch::Tensor target = torch::tensor(labels);
            optimizer.zero_grad();
            const torch::Tensor logits = net.forward(ids, lengths, noise);
            const torch::Tensor loss = torch::binary_cross_entropy_with_logits(logits, target);
            const double lossValue = loss.item<double>();
            bool finite = std::isfinite(lossValue);
            if (finite) {
                loss.backward();
                const double norm =
                    torch::nn::utils::clip_grad_norm_(params, settings.gradientClip);
                finite = std::isfinite(norm);
            }
            if (!finite) // the step is not taken: the weights stay the last good ones
                throw Error(ErrorCode::NonFinite,
                            "training stopped in epoch " + std::to_string(epoch) + ", batch " +
                                std::to_string(b + 1) +
                                ": the loss or a gradient is not a finite number (try a smaller "
                                "learning rate); nothing of this run is kept");
            // The step itself can ruin the weights (e.g. an enormous learning rate with a finite
            // gradient): check them after it, and go back to the copy taken before it.
            std::vector<torch::Tensor> before;
            {
                torch::NoGradGuard noGrad;
                before.reserve(params.size());
                for (const torch::Tensor& p : params)
                    before.push_back(p.detach().clone());
            }
            optimizer.step();
            if (!allFinite(params)) {
                torch::NoGradGuard noGrad;
                for (std::size_t k = 0; k < params.size(); ++k)
                    params[k].copy_(before[k]);
                throw Error(ErrorCode::NonFinite,
                            "training stopped in epoch " + std::to_string(epoch) + ", batch " +
                                std::to_string(b + 1) +
                                ": a weight is not a finite number after the update (try a "
                                "smaller learning rate); nothing of this run is kept");
            }
            {
                torch::NoGradGuard noGrad;
                const torch::Tensor predicted = (logits > 0).to(torch::kFloat);
                right += std::size_t(predicted.eq(target).sum().item<std::int64_t>());
            }
            seen += members.size();
            lossSum += lossValue;
            if (batchesTotal == 0) batchesTotal = batches.size() * std::size_t(settings.epochs);
            ++batchesDone;
            if (progress)
                progress({"training", batchesDone, batchesTotal,
                          "epoch " + std::to_string(epoch) + " of " +
                              std::to_string(settings.epochs) + ", batch " + std::to_string(b + 1) +
                              " of " + std::to_string(batches.size())});
            if (callbacks.onBatch || callbacks.onBatchModel) {
                const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
                const BatchRecord p{epoch,     settings.epochs,
                                    b + 1,     batches.size(),
                                    lossValue, elapsed > 0 ? double(tokens) / elapsed : 0.0};
                if (callbacks.onBatch) callbacks.onBatch(p);
                if (callbacks.onBatchModel) callbacks.onBatchModel(p, model);
            }
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        EpochRecord r = evaluate(epoch);
        r.trainLoss = batches.empty() ? 0 : lossSum / double(batches.size());
        r.trainAccuracy = seen ? double(right) / double(seen) : 0;
        r.seconds = seconds;
        r.tokensPerSecond = seconds > 0 ? double(tokens) / seconds : 0;
        history.epochs.push_back(r);
        if (callbacks.onEpoch) callbacks.onEpoch(r, model);
    }
    history.completed = true;
    return result;
}

} // namespace flicker
