#include "dimensionality/dimensionality.h"

#include "dimensionality/cluster_task.h"
#include "dimensionality/logistic_regression.h"
#include "dimensionality/lyapunov.h"
#include "dimensionality/participation_ratio.h"
#include "dimensionality/pca.h"
#include "error.h"
#include "signal/parallel.h"
#include "signal/random.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <limits>

namespace flicker {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Every random choice of a run gets its own stream, all from the run's seed: the task and the
// network do not depend on γ (runs of two γ with one seed share the task and J), and the noise
// does not shift the samples.
struct Seeds {
    std::uint64_t task, net, train, measure, noise, split, lyapunov;
};
Seeds seedsFor(std::uint64_t seed) {
    Rng r(seed);
    return {r.next(), r.next(), r.next(), r.next(), r.next(), r.next(), r.next()};
}

torch::Tensor floatTensor(const std::vector<double>& v, std::int64_t rows, std::int64_t cols) {
    return torch::from_blob(const_cast<double*>(v.data()), {rows, cols}, torch::kDouble)
        .to(torch::kFloat)
        .clone();
}

std::vector<double> doubles(const torch::Tensor& t) {
    const torch::Tensor c = t.detach().contiguous().to(torch::kDouble);
    return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

// The trainable network in LibTorch (floats, as PyTorch trains by default).
struct TorchRnn {
    torch::Tensor w, b, wOut, bOut, wIn;
    std::int64_t n, d, o;

    explicit TorchRnn(const RnnWeights& r)
        : n(std::int64_t(r.units)), d(std::int64_t(r.inputs)), o(std::int64_t(r.outputs)) {
        w = floatTensor(r.w, n, n).requires_grad_(true);
        b = floatTensor(r.b, 1, n).requires_grad_(true);
        wOut = floatTensor(r.wOut, o, n).requires_grad_(true);
        bOut = floatTensor(r.bOut, 1, o).requires_grad_(true);
        wIn = floatTensor(r.wIn, n, d); // fixed
    }
    std::vector<torch::Tensor> parameters() const { return {w, b, wOut, bOut}; }
    RnnWeights weights(const RnnWeights& like) const {
        RnnWeights r = like;
        r.w = doubles(w);
        r.b = doubles(b);
        r.wOut = doubles(wOut);
        r.bOut = doubles(bOut);
        return r;
    }
    // The readout at step `steps` for inputs x (B × d). With `perturb`, called on every h_t
    // (t = 1 … steps) after the tanh: noise and dropout while training.
    torch::Tensor
    forward(const torch::Tensor& x, std::size_t steps,
            const std::function<torch::Tensor(torch::Tensor, std::size_t)>& perturb = {}) const {
        torch::Tensor h = torch::tanh(x.mm(wIn.t()) + b); // h_1: h_0 = 0, the input at step 0
        if (perturb) h = perturb(h, 1);
        for (std::size_t t = 2; t <= steps; ++t) {
            h = torch::tanh(h.mm(w.t()) + b);
            if (perturb) h = perturb(h, t);
        }
        return h.mm(wOut.t()) + bOut;
    }
};

torch::Tensor inputsOf(const ClusterSamples& s, std::size_t first, std::size_t count) {
    std::vector<double> part(s.inputs.begin() + std::ptrdiff_t(first * s.inputDim),
                             s.inputs.begin() + std::ptrdiff_t((first + count) * s.inputDim));
    return floatTensor(part, std::int64_t(count), std::int64_t(s.inputDim));
}

torch::Tensor labelsOf(const ClusterSamples& s, std::size_t first, std::size_t count) {
    std::vector<std::int64_t> l(s.labels.begin() + std::ptrdiff_t(first),
                                s.labels.begin() + std::ptrdiff_t(first + count));
    return torch::tensor(l, torch::kLong);
}

torch::Tensor lossOf(const torch::Tensor& y, const torch::Tensor& labels,
                     const DimensionalitySettings& s) {
    if (s.loss == DimensionalityLoss::CrossEntropy)
        return torch::nn::functional::cross_entropy(y, labels);
    const torch::Tensor target =
        torch::one_hot(labels, y.size(1)).to(torch::kFloat) * float(s.mseTargetScale);
    return torch::mse_loss(y, target);
}

double accuracyOf(const torch::Tensor& y, const torch::Tensor& labels) {
    return y.argmax(1).eq(labels).to(torch::kDouble).mean().item<double>();
}

struct Measures {
    std::vector<double> pr, generalisation, lyapunov;
    std::optional<PcaSnapshot> pca;
    double testAccuracy = 0;
};

// The measures of `net` on the measuring set: PR per step always; the rest when `full`.
Measures measure(const RnnWeights& net, const ClusterSamples& set, const DimensionalitySettings& s,
                 const Seeds& seeds, int epoch, bool full, std::stop_token stop) {
    const std::size_t total = s.steps + s.extraSteps, rows = set.count, n = net.units;
    const auto states = hiddenStates(net, set.inputs, rows, total);
    Measures m;
    m.pr.push_back(participationRatio(set.inputs, rows, set.inputDim));
    for (const auto& h : states)
        m.pr.push_back(participationRatio(h, rows, n));
    const std::vector<double> y = readout(net, states[s.steps - 1], rows);
    std::size_t right = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        std::size_t best = 0;
        for (std::size_t k = 1; k < net.outputs; ++k)
            if (y[i * net.outputs + k] > y[i * net.outputs + best]) best = k;
        right += int(best) == set.labels[i];
    }
    m.testAccuracy = double(right) / double(rows);
    if (!full) return m;
    GeneralisationSettings g;
    g.repeats = s.generalisationRepeats;
    g.heldOutFraction = s.heldOutFraction;
    g.seed = seeds.split; // the same splits at every step and snapshot
    throwIfStopped(stop, "measuring was cancelled");
    // The steps are independent fits (most of the measuring time): on all cores.
    m.generalisation.assign(total + 1, 0.0);
    parallelFor(total + 1, 0, [&](std::size_t begin, std::size_t end) {
        for (std::size_t t = begin; t < end; ++t)
            m.generalisation[t] =
                t == 0 ? heldOutGeneralisation(set.inputs, rows, set.inputDim, set.labels,
                                               set.clusters, g)
                       : heldOutGeneralisation(states[t - 1], rows, n, set.labels, set.clusters, g);
    });
    LyapunovSettings l;
    l.exponents = std::min(s.lyapunovExponents, n);
    l.steps = s.lyapunovSteps;
    l.transient = s.lyapunovTransient;
    l.seed = seeds.lyapunov;
    const std::vector<double> h0(states[0].begin(), states[0].begin() + std::ptrdiff_t(n));
    m.lyapunov = rnnLyapunov(net.w, net.b, h0, l, stop);
    PcaSnapshot p;
    p.epoch = epoch;
    for (std::size_t t = 0; t <= total; ++t) {
        const std::vector<double>& x = t == 0 ? set.inputs : states[t - 1];
        const std::size_t cols = t == 0 ? set.inputDim : n;
        const PcaProjection proj = pcaProject(x, rows, cols, std::min<std::size_t>(2, cols));
        std::vector<float> c(rows * 2, 0.0f);
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t k = 0; k < proj.components; ++k)
                c[i * 2 + k] = float(proj.coordinates[i * proj.components + k]);
        std::vector<double> explained;
        for (double v : proj.variances)
            explained.push_back(proj.totalVariance > 0 ? v / proj.totalVariance : 0.0);
        p.coordinates.push_back(std::move(c));
        p.explained.push_back(std::move(explained));
    }
    m.pca = std::move(p);
    return m;
}

} // namespace

const char* dimensionalityLossName(DimensionalityLoss loss) {
    return loss == DimensionalityLoss::Mse ? "mse" : "ce";
}

std::optional<DimensionalityLoss> dimensionalityLossFromName(const std::string& name) {
    if (name == "ce" || name == "cross-entropy") return DimensionalityLoss::CrossEntropy;
    if (name == "mse") return DimensionalityLoss::Mse;
    return std::nullopt;
}

int effectiveEpochs(const DimensionalitySettings& s) {
    return s.epochs > 0 ? s.epochs : (s.inputDim <= 2 ? 80 : 40);
}

double effectiveLearningRate(const DimensionalitySettings& s) {
    if (s.learningRate > 0) return s.learningRate;
    return s.loss == DimensionalityLoss::Mse ? 5e-3 : 1e-3;
}

void validate(const DimensionalitySettings& s) {
    auto bad = [](const std::string& what) { throw Error(ErrorCode::InvalidArgument, what); };
    if (s.epochs < 0 || s.epochs > 100000) bad("epochs must be 0 (the paper's) … 100,000");
    if (s.steps < 1 || s.steps > 1000 || s.extraSteps > 1000)
        bad("steps must be 1 … 1,000 (and the extra measured steps at most 1,000)");
    if (s.trainSamples < 1 || s.validationSamples < 1 || s.batchSize < 1 ||
        s.trainSamples > 10'000'000 || s.validationSamples > 10'000'000)
        bad("training and validation samples and the batch size must be at least 1");
    if (s.clusters < 4 || s.clusters > 10000)
        bad("the task needs 4 … 10,000 clusters (two classes of at least two, so that clusters "
            "can be held out); the paper: 60");
    if (s.measureSamples < 10 || s.measureSamples > 100000)
        bad("the measuring set needs 10 … 100,000 samples (the paper: 500)");
    if (s.measureSamples < 2 * s.clusters)
        bad("the measuring set (" + std::to_string(s.measureSamples) +
            " samples) needs at least two samples of each of the " + std::to_string(s.clusters) +
            " clusters");
    if (!(s.learningRate >= 0) || !std::isfinite(s.learningRate))
        bad("the learning rate must be > 0 (or 0 for the loss' default)");
    if (!(s.rmspropAlpha > 0 && s.rmspropAlpha < 1)) bad("RMSprop's alpha must be in (0, 1)");
    if (s.plateauPatience < 1 || !(s.plateauFactor > 0 && s.plateauFactor <= 1))
        bad("the plateau rule needs patience ≥ 1 and a factor in (0, 1]");
    if (!(s.noiseSd >= 0) || !std::isfinite(s.noiseSd))
        bad("the hidden noise SD must be ≥ 0 and finite (the paper: 0.05 … 0.5)");
    if (!(s.dropout >= 0 && s.dropout < 1))
        bad("dropout must be in [0, 1) (the paper: 0.05 … 0.5)");
    if (s.prEvery < 1) bad("PR must be measured every 1 or more epochs");
    if (s.lyapunovExponents < 1 || s.lyapunovSteps < 1)
        bad("the Lyapunov spectrum needs at least 1 exponent and 1 step");
    if (s.generalisationRepeats < 1 || !(s.heldOutFraction > 0 && s.heldOutFraction < 1))
        bad("generalisation needs repeats ≥ 1 and a held-out fraction in (0, 1)");
    if (!(s.mseTargetScale > 0)) bad("the MSE target scale must be > 0");
}

Outcome<DimensionalityResult> runDimensionality(const DimensionalitySettings& settings,
                                                const DimensionalityCallbacks& callbacks,
                                                const ProgressFn& progress, std::stop_token stop) {
    validate(settings);
    const auto start = Clock::now();
    // Once the task is learnt, the softmax of far-apart logits and the tiny gradients are
    // subnormal floats, which x86 handles some hundred times slower: an epoch took 10× longer
    // by the third (measured). Flushing them to zero (this thread only, restored at the end)
    // changes the results by less than the smallest normal float.
    struct FlushDenormals {
        FlushDenormals() { at::globalContext().setFlushDenormal(true); }
        ~FlushDenormals() { at::globalContext().setFlushDenormal(false); }
    } flush;
    // The tensors are tiny (batches of 10 × 200): a second LibTorch thread only adds hand-offs
    // (measured on 2 busy cores: 0.29 s an epoch on one thread, 2.6–9.6 s on two). One thread
    // for this run — OpenMP's count belongs to the calling thread — and the caller's count back
    // at the end. The measures use every core through parallelFor on their own.
    struct OneTorchThread {
        int before = at::get_num_threads();
        OneTorchThread() { at::set_num_threads(1); }
        ~OneTorchThread() { at::set_num_threads(before); }
    } oneThread;
    torch::NoGradGuard outerNoGrad; // re-enabled for training below; measures never need it
    DimensionalitySettings s = settings;
    s.epochs = effectiveEpochs(settings);
    s.learningRate = effectiveLearningRate(settings);
    const Seeds seeds = seedsFor(s.seed);

    ClusterTaskSettings ts;
    ts.inputDim = s.inputDim;
    ts.clusters = s.clusters;
    ts.clusterSd = s.clusterSd;
    const ClusterTask task = makeClusterTask(ts, seeds.task);
    RnnSettings rs;
    rs.units = s.units;
    rs.inputDim = s.inputDim;
    rs.gamma = s.gamma;
    rs.dt = s.dt;
    rs.inputMapping = s.inputMapping;
    const RnnWeights initial = initialRnn(rs, seeds.net);
    Rng measureRng(seeds.measure), trainRng(seeds.train), noiseRng(seeds.noise);
    const ClusterSamples measureSet = drawSamples(task, s.measureSamples, measureRng, true);

    Outcome<DimensionalityResult> outcome;
    DimensionalityResult& r = outcome.value;
    r.settings = s;
    for (std::size_t t = 0; t <= s.steps + s.extraSteps; ++t)
        r.steps.push_back(int(t));
    r.measureLabels = measureSet.labels;
    r.connectivityRadius = initial.connectivityRadius;
    auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    auto update = [&] {
        r.seconds = elapsed();
        if (callbacks.onUpdate) callbacks.onUpdate(r);
    };

    report(progress, {"measuring", 0, 0, "measuring the untrained network"});
    {
        Measures m = measure(initial, measureSet, s, seeds, 0, true, stop);
        r.prBefore = m.pr;
        r.generalisationBefore = std::move(m.generalisation);
        r.lyapunovBefore = std::move(m.lyapunov);
        r.pcaBefore = std::move(m.pca);
        r.testAccuracyBefore = m.testAccuracy;
        DimensionalityEpoch e;
        e.epoch = 0;
        e.trainLoss = kNaN;
        e.trainAccuracy = kNaN;
        // Before training there is no epoch's validation set: the measuring set stands in.
        {
            const TorchRnn untrained(initial);
            const torch::Tensor y =
                untrained.forward(inputsOf(measureSet, 0, measureSet.count), s.steps);
            const torch::Tensor labels = labelsOf(measureSet, 0, measureSet.count);
            e.validationLoss = lossOf(y, labels, s).item<double>();
            e.validationAccuracy = accuracyOf(y, labels);
        }
        e.learningRate = s.learningRate;
        e.pr = std::move(m.pr);
        r.epochs.push_back(std::move(e));
    }

    TorchRnn net(initial);
    torch::optim::RMSprop optimizer(
        net.parameters(),
        torch::optim::RMSpropOptions(s.learningRate).alpha(s.rmspropAlpha).momentum(0));
    double lr = s.learningRate, bestValidation = std::numeric_limits<double>::infinity();
    int badEpochs = 0;
    const std::size_t batches = (s.trainSamples + s.batchSize - 1) / s.batchSize;
    const std::size_t totalBatches = batches * std::size_t(s.epochs);
    std::vector<float> draw;
    auto perturb = [&](torch::Tensor h, std::size_t) {
        const std::size_t count = std::size_t(h.numel());
        if (s.noiseSd > 0) {
            draw.resize(count);
            for (float& v : draw)
                v = float(s.noiseSd * noiseRng.normal());
            h = h + torch::from_blob(draw.data(), h.sizes(), torch::kFloat).clone();
        }
        if (s.dropout > 0) {
            draw.resize(count);
            const float keep = float(1 / (1 - s.dropout));
            for (float& v : draw)
                v = noiseRng.uniform() < s.dropout ? 0.0f : keep;
            h = h * torch::from_blob(draw.data(), h.sizes(), torch::kFloat).clone();
        }
        return h;
    };
    const bool perturbing = s.noiseSd > 0 || s.dropout > 0;
    // Measures the end (PR, generalisation, Lyapunov, PCA) of the weights as they are now.
    auto measureEnd = [&](int epoch) {
        report(progress, {"measuring", 0, 0, "measuring the trained network"});
        Measures m = measure(net.weights(initial), measureSet, s, seeds, epoch, true, stop);
        r.prAfter = m.pr;
        r.generalisationAfter = std::move(m.generalisation);
        r.lyapunovAfter = std::move(m.lyapunov);
        r.pcaAfter = std::move(m.pca);
        r.testAccuracy = m.testAccuracy;
        return m.pr;
    };

    std::size_t done = 0;
    try {
        for (int epoch = 1; epoch <= s.epochs; ++epoch) {
            const auto epochStart = Clock::now();
            const ClusterSamples train = drawSamples(task, s.trainSamples, trainRng);
            const ClusterSamples validation = drawSamples(task, s.validationSamples, trainRng);
            double lossSum = 0, right = 0;
            for (std::size_t bi = 0; bi < batches; ++bi) {
                if (stop.stop_requested()) {
                    outcome.cancelled = true;
                    r.seconds = elapsed();
                    return outcome;
                }
                const std::size_t first = bi * s.batchSize;
                const std::size_t count = std::min(s.batchSize, s.trainSamples - first);
                const torch::Tensor x = inputsOf(train, first, count);
                const torch::Tensor labels = labelsOf(train, first, count);
                torch::AutoGradMode grad(true);
                optimizer.zero_grad();
                const torch::Tensor y =
                    perturbing ? net.forward(x, s.steps, perturb) : net.forward(x, s.steps);
                const torch::Tensor loss = lossOf(y, labels, s);
                const double lossValue = loss.item<double>();
                if (!std::isfinite(lossValue))
                    throw Error(
                        ErrorCode::NonFinite,
                        "training stopped in epoch " + std::to_string(epoch) + ", batch " +
                            std::to_string(bi + 1) +
                            ": the loss is not a finite number (try a smaller learning rate "
                            "or less noise); nothing of this run is kept");
                loss.backward();
                optimizer.step();
                {
                    torch::NoGradGuard noGrad;
                    right += accuracyOf(y, labels) * double(count);
                }
                lossSum += lossValue;
                ++done;
                report(progress,
                       {"training", done, totalBatches,
                        "γ " + std::to_string(int(std::lround(s.gamma))) + ", epoch " +
                            std::to_string(epoch) + " of " + std::to_string(s.epochs) + ", batch " +
                            std::to_string(bi + 1) + " of " + std::to_string(batches)});
            }
            for (const torch::Tensor& p : net.parameters())
                if (!torch::isfinite(p).all().item<bool>())
                    throw Error(ErrorCode::NonFinite,
                                "training stopped after epoch " + std::to_string(epoch) +
                                    ": a weight is not a finite number (try a smaller learning "
                                    "rate); nothing of this run is kept");
            DimensionalityEpoch e;
            e.epoch = epoch;
            e.trainLoss = lossSum / double(batches);
            e.trainAccuracy = right / double(s.trainSamples);
            e.learningRate = lr;
            {
                const torch::Tensor x = inputsOf(validation, 0, validation.count);
                const torch::Tensor labels = labelsOf(validation, 0, validation.count);
                const torch::Tensor y = net.forward(x, s.steps);
                e.validationLoss = lossOf(y, labels, s).item<double>();
                e.validationAccuracy = accuracyOf(y, labels);
            }
            // Halve the learning rate after `patience` epochs without a lower validation loss
            // (PyTorch's ReduceLROnPlateau: relative threshold 1e-4, no cooldown).
            if (e.validationLoss < bestValidation * (1 - 1e-4)) {
                bestValidation = e.validationLoss;
                badEpochs = 0;
            } else if (++badEpochs > s.plateauPatience) {
                lr *= s.plateauFactor;
                for (auto& group : optimizer.param_groups())
                    static_cast<torch::optim::RMSpropOptions&>(group.options()).lr(lr);
                badEpochs = 0;
            }
            if (epoch == s.epochs) {
                e.pr = measureEnd(epoch);
            } else if (epoch % s.prEvery == 0) {
                throwIfStopped(stop, "measuring was cancelled");
                e.pr = measure(net.weights(initial), measureSet, s, seeds, epoch, false, stop).pr;
            }
            e.seconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
            r.epochs.push_back(std::move(e));
            update();
        }
        if (s.epochs == 0) measureEnd(0);
    } catch (const Error& e) { // a stop while measuring: keep the epochs finished
        if (e.code() != ErrorCode::Cancelled) throw;
        outcome.cancelled = true;
        r.seconds = elapsed();
        return outcome;
    }
    r.completed = true;
    update();
    return outcome;
}

Outcome<DimensionalityLabResult>
runDimensionalityLab(const DimensionalityLabSettings& settings,
                     const std::function<void(std::size_t, const DimensionalityResult&)>& onRun,
                     const ProgressFn& progress, std::stop_token stop) {
    if (settings.gammas.empty() || settings.seeds.empty())
        throw Error(ErrorCode::InvalidArgument, "the lab needs at least one γ and one seed");
    if (settings.gammas.size() * settings.seeds.size() > 10000)
        throw Error(ErrorCode::InvalidArgument, "at most 10,000 runs (γ values × seeds)");
    for (double g : settings.gammas)
        if (!(g > 0) || !std::isfinite(g))
            throw Error(ErrorCode::InvalidArgument,
                        "γ must be > 0 and finite (the presets: 20 and 250), not " +
                            std::to_string(g));
    validate(settings.base);
    const auto start = Clock::now();
    Outcome<DimensionalityLabResult> out;
    out.value.settings = settings;
    const std::size_t parts = settings.gammas.size() * settings.seeds.size();
    std::vector<std::pair<double, std::uint64_t>> order;
    for (double gamma : settings.gammas)
        for (std::uint64_t seed : settings.seeds)
            order.emplace_back(gamma, seed);
    for (std::size_t part = 0; part < order.size() && !out.cancelled; ++part) {
        {
            DimensionalitySettings s = settings.base;
            s.gamma = order[part].first;
            s.seed = order[part].second;
            const std::size_t index = out.value.runs.size();
            out.value.runs.emplace_back();
            DimensionalityCallbacks cb;
            cb.onUpdate = [&](const DimensionalityResult& run) {
                out.value.runs[index] = run;
                if (onRun) onRun(index, run);
            };
            const ProgressFn inner = [&](const Progress& p) {
                Progress q = p;
                q.part = part;
                q.parts = parts;
                report(progress, q);
            };
            try {
                Outcome<DimensionalityResult> one = runDimensionality(s, cb, inner, stop);
                out.value.runs[index] = std::move(one.value);
                out.cancelled = one.cancelled;
            } catch (const Error& e) {
                if (e.code() != ErrorCode::Cancelled) throw;
                out.value.runs.pop_back(); // stopped before its first measure
                out.cancelled = true;
            }
        }
    }
    out.value.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return out;
}

} // namespace flicker
