// LibTorch for the sparsity lab. The network is four plain tensors (no nn::Module): the shared
// bias is then simply a one-element tensor, and the initialisation draws from this network's own
// seeded generator rather than LibTorch's global one, so runs repeat exactly whatever else runs.
#include "sparsity/sparse_network.h"

#include "error.h"
#include "signal/random.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace flicker {

namespace detail {
struct SparseNetworkImpl {
    SparsitySettings settings;
    std::size_t rows = 0, cols = 0, outputs = 0;
    torch::Tensor w1, b1, w2, b2;

    std::vector<torch::Tensor> parameters() const { return {w1, b1, w2, b2}; }
    torch::Tensor hidden(const torch::Tensor& x) const {
        return torch::relu(torch::addmm(b1, x, w1.t())); // b1 of size 1 broadcasts (shared)
    }
    torch::Tensor output(const torch::Tensor& h) const { return torch::addmm(b2, h, w2.t()); }
};
} // namespace detail

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kEvalBatch = 1000;
constexpr std::size_t kTriplets = 6;

at::Generator generatorFor(std::uint64_t seed) {
    return at::make_generator<at::CPUGeneratorImpl>(seed);
}

torch::Tensor uniformInit(std::vector<std::int64_t> sizes, double bound, at::Generator& gen) {
    torch::Tensor t = torch::rand(sizes, gen, torch::kFloat) * (2 * bound) - bound;
    return t.set_requires_grad(true);
}

// ε of variance 1 for `kind`, drawn from `gen`.
torch::Tensor noiseLike(const torch::Tensor& x, InputNoise kind, at::Generator& gen) {
    if (kind == InputNoise::Gaussian) return torch::randn(x.sizes(), gen, torch::kFloat);
    const torch::Tensor u = torch::rand(x.sizes(), gen, torch::kFloat) - 0.5;
    const double scale = 1.0 / std::sqrt(2.0); // Laplace(0, b) has variance 2b²
    return -scale * torch::sign(u) * torch::log((1 - 2 * u.abs()).clamp_min(1e-12));
}

// Per-pixel mean and SD of the training images (for standardised inputs).
struct PixelStats {
    std::vector<float> mean, sd;
};
PixelStats pixelStats(const ImageSet& set) {
    const std::size_t d = set.pixelsPerImage(), n = set.size();
    std::vector<double> sum(d, 0), ss(d, 0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t p = 0; p < d; ++p) {
            const double v = set.pixels[i * d + p] / 255.0;
            sum[p] += v;
            ss[p] += v * v;
        }
    PixelStats s;
    s.mean.resize(d);
    s.sd.resize(d);
    for (std::size_t p = 0; p < d; ++p) {
        const double m = n ? sum[p] / double(n) : 0.0;
        const double var = n ? std::max(0.0, ss[p] / double(n) - m * m) : 0.0;
        s.mean[p] = float(m);
        s.sd[p] = float(std::max(std::sqrt(var), 1e-3));
    }
    return s;
}

std::vector<float> scaleWith(const ImageSet& set, std::span<const std::size_t> indices,
                             InputScaling scaling, const PixelStats* stats) {
    const std::size_t d = set.pixelsPerImage();
    std::vector<float> out(indices.size() * d);
    for (std::size_t r = 0; r < indices.size(); ++r) {
        if (indices[r] >= set.size())
            throw Error(ErrorCode::InvalidArgument, "image index out of range");
        const std::uint8_t* px = set.pixels.data() + indices[r] * d;
        float* dst = out.data() + r * d;
        for (std::size_t p = 0; p < d; ++p) {
            const float v = float(px[p]) / 255.0f;
            dst[p] =
                scaling == InputScaling::Standardised ? (v - stats->mean[p]) / stats->sd[p] : v;
        }
    }
    return out;
}

torch::Tensor toTensor(std::vector<float> values, std::int64_t rows, std::int64_t cols) {
    return torch::from_blob(values.data(), {rows, cols}, torch::kFloat).clone();
}

std::vector<float> toVector(const torch::Tensor& t) {
    const torch::Tensor c = t.contiguous().to(torch::kFloat);
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

bool allFinite(const std::vector<torch::Tensor>& params) {
    torch::NoGradGuard noGrad;
    for (const torch::Tensor& p : params)
        if (!torch::isfinite(p).all().item<bool>()) return false;
    return true;
}

// The data as tensors, scaled once.
struct Prepared {
    torch::Tensor trainX, trainY, testX, testY; // Y: int64 labels
    std::size_t trainN = 0, testN = 0;
};

Prepared prepare(const ImageData& data, const SparsitySettings& s) {
    Prepared p;
    p.trainN = s.trainImages ? std::min(s.trainImages, data.train.size()) : data.train.size();
    p.testN = s.testImages ? std::min(s.testImages, data.test.size()) : data.test.size();
    const std::int64_t d = std::int64_t(data.train.pixelsPerImage());
    PixelStats stats;
    if (s.scaling == InputScaling::Standardised) stats = pixelStats(data.train);
    auto load = [&](const ImageSet& set, std::size_t n, torch::Tensor& x, torch::Tensor& y) {
        std::vector<std::size_t> idx(n);
        std::iota(idx.begin(), idx.end(), std::size_t{0});
        x = toTensor(scaleWith(set, idx, s.scaling, &stats), std::int64_t(n), d);
        std::vector<std::int64_t> labels(set.labels.begin(),
                                         set.labels.begin() + std::ptrdiff_t(n));
        y = torch::tensor(labels, torch::kLong);
    };
    load(data.train, p.trainN, p.trainX, p.trainY);
    load(data.test, p.testN, p.testX, p.testY);
    return p;
}

torch::Tensor lossOf(const detail::SparseNetworkImpl& net, const torch::Tensor& out,
                     const torch::Tensor& cleanX, const torch::Tensor& labels) {
    return net.settings.task == SparsityTask::Reconstruct
               ? torch::mse_loss(out, cleanX)
               : torch::nn::functional::cross_entropy(out, labels);
}

// A pass over the test set (clean inputs, or noisy ones with `sigma` > 0 from `gen`).
struct Evaluation {
    ActivityStats activity;
    double loss = std::nan(""), accuracy = std::nan("");
    std::vector<double> unitSums; // each unit's summed activation over the pass
};

Evaluation evaluate(const detail::SparseNetworkImpl& net, const Prepared& p,
                    const std::vector<bool>& dead, double sigma, at::Generator* gen) {
    torch::NoGradGuard noGrad;
    const std::size_t width = std::size_t(net.settings.width);
    ActivityTally tally(width, dead);
    Evaluation e;
    e.unitSums.assign(width, 0.0);
    double lossSum = 0;
    std::int64_t right = 0;
    for (std::size_t start = 0; start < p.testN; start += kEvalBatch) {
        const std::int64_t n = std::int64_t(std::min(kEvalBatch, p.testN - start));
        const torch::Tensor clean = p.testX.narrow(0, std::int64_t(start), n);
        const torch::Tensor labels = p.testY.narrow(0, std::int64_t(start), n);
        torch::Tensor x = clean;
        if (sigma > 0) x = clean + sigma * noiseLike(clean, net.settings.noise, *gen);
        const torch::Tensor h = net.hidden(x);
        const torch::Tensor out = net.output(h);
        lossSum += lossOf(net, out, clean, labels).item<double>() * double(n);
        if (net.settings.task == SparsityTask::Classify)
            right += out.argmax(1).eq(labels).sum().item<std::int64_t>();
        const torch::Tensor hc = h.contiguous();
        tally.add(std::span<const float>(hc.data_ptr<float>(), std::size_t(hc.numel())),
                  std::size_t(n));
        const torch::Tensor sums = h.sum(0).to(torch::kDouble).contiguous();
        for (std::size_t k = 0; k < width; ++k)
            e.unitSums[k] += sums.data_ptr<double>()[k];
    }
    e.activity = tally.stats();
    if (p.testN) {
        e.loss = lossSum / double(p.testN);
        if (net.settings.task == SparsityTask::Classify)
            e.accuracy = double(right) / double(p.testN);
    }
    return e;
}

void checkFits(const SparseNetwork& network, const ImageData& data) {
    const auto& net = network.impl();
    if (data.train.pixelsPerImage() != network.inputs() ||
        data.test.pixelsPerImage() != network.inputs())
        throw Error(ErrorCode::InvalidArgument,
                    "the images have " + std::to_string(data.train.pixelsPerImage()) +
                        " pixels but the network takes " + std::to_string(network.inputs()));
    if (net.settings.task == SparsityTask::Classify &&
        std::size_t(data.classes) > network.outputs())
        throw Error(ErrorCode::InvalidArgument, "the data have " + std::to_string(data.classes) +
                                                    " classes but the network has " +
                                                    std::to_string(network.outputs()) + " outputs");
    if (data.train.size() == 0 || data.test.size() == 0)
        throw Error(ErrorCode::EmptyInput, "the training or the test set is empty");
}

} // namespace

// ---- SparseNetwork ---------------------------------------------------------------------------

SparseNetwork::SparseNetwork(std::size_t imageRows, std::size_t imageCols, int classes,
                             const SparsitySettings& settings)
    : m_impl(std::make_unique<detail::SparseNetworkImpl>()) {
    checkSparsitySettings(settings);
    if (imageRows == 0 || imageCols == 0 || imageRows * imageCols > (1u << 20))
        throw Error(ErrorCode::InvalidArgument, "the image size is out of range");
    if (settings.task == SparsityTask::Classify && (classes < 2 || classes > 256))
        throw Error(ErrorCode::InvalidArgument,
                    "classification needs 2 to 256 classes, not " + std::to_string(classes));
    auto& n = *m_impl;
    n.settings = settings;
    n.rows = imageRows;
    n.cols = imageCols;
    const std::int64_t d = std::int64_t(imageRows * imageCols), h = settings.width;
    n.outputs = settings.task == SparsityTask::Reconstruct ? std::size_t(d) : std::size_t(classes);
    at::Generator gen = generatorFor(settings.seed);
    const double bound1 = 1.0 / std::sqrt(double(d)), bound2 = 1.0 / std::sqrt(double(h));
    n.w1 = uniformInit({h, d}, bound1, gen);
    n.b1 = uniformInit({settings.sharedBias ? 1 : h}, bound1, gen);
    n.w2 = uniformInit({std::int64_t(n.outputs), h}, bound2, gen);
    n.b2 = uniformInit({std::int64_t(n.outputs)}, bound2, gen);
}

SparseNetwork::~SparseNetwork() = default;
SparseNetwork::SparseNetwork(SparseNetwork&&) noexcept = default;
SparseNetwork& SparseNetwork::operator=(SparseNetwork&&) noexcept = default;

const SparsitySettings& SparseNetwork::settings() const {
    return m_impl->settings;
}
std::size_t SparseNetwork::inputs() const {
    return m_impl->rows * m_impl->cols;
}
std::size_t SparseNetwork::outputs() const {
    return m_impl->outputs;
}
std::size_t SparseNetwork::parameterCount() const {
    std::size_t n = 0;
    for (const auto& p : m_impl->parameters())
        n += std::size_t(p.numel());
    return n;
}
std::size_t SparseNetwork::hiddenBiasCount() const {
    return std::size_t(m_impl->b1.numel());
}

SparseWeights SparseNetwork::weights() const {
    torch::NoGradGuard noGrad;
    SparseWeights w;
    w.units = std::size_t(m_impl->settings.width);
    w.inputs = inputs();
    w.imageRows = m_impl->rows;
    w.imageCols = m_impl->cols;
    w.w1 = toVector(m_impl->w1.detach());
    w.bias1 = toVector(m_impl->b1.detach());
    return w;
}

std::vector<float> SparseNetwork::hidden(std::span<const float> in, std::size_t rows) const {
    if (in.size() != rows * inputs())
        throw Error(ErrorCode::InvalidArgument, "hidden(): inputs are not rows × pixels");
    torch::NoGradGuard noGrad;
    const torch::Tensor x = toTensor(std::vector<float>(in.begin(), in.end()), std::int64_t(rows),
                                     std::int64_t(inputs()));
    return toVector(m_impl->hidden(x));
}

std::vector<float> SparseNetwork::output(std::span<const float> in, std::size_t rows) const {
    if (in.size() != rows * inputs())
        throw Error(ErrorCode::InvalidArgument, "output(): inputs are not rows × pixels");
    torch::NoGradGuard noGrad;
    const torch::Tensor x = toTensor(std::vector<float>(in.begin(), in.end()), std::int64_t(rows),
                                     std::int64_t(inputs()));
    return toVector(m_impl->output(m_impl->hidden(x)));
}

// ---- batches ---------------------------------------------------------------------------------

std::vector<float> scaledImages(const ImageSet& set, std::span<const std::size_t> indices,
                                InputScaling scaling, const ImageSet& reference) {
    PixelStats stats;
    if (scaling == InputScaling::Standardised) stats = pixelStats(reference);
    return scaleWith(set, indices, scaling, &stats);
}

namespace {
// The trainer's own batch: clean rows of x, noise added to a copy, targets from the clean rows.
struct TensorBatch {
    torch::Tensor input, clean, labels;
};
TensorBatch buildBatch(const Prepared& p, const torch::Tensor& index, double sigma, InputNoise kind,
                       at::Generator& gen) {
    TensorBatch b;
    b.clean = p.trainX.index_select(0, index);
    b.labels = p.trainY.index_select(0, index);
    b.input = sigma > 0 ? b.clean + sigma * noiseLike(b.clean, kind, gen) : b.clean;
    return b;
}
} // namespace

TrainingBatch makeTrainingBatch(const ImageData& data, const SparsitySettings& settings,
                                std::span<const std::size_t> indices, double sigma,
                                std::uint64_t noiseSeed) {
    torch::NoGradGuard noGrad;
    const Prepared p = prepare(data, settings);
    std::vector<std::int64_t> idx;
    for (std::size_t i : indices) {
        if (i >= p.trainN) throw Error(ErrorCode::InvalidArgument, "batch index out of range");
        idx.push_back(std::int64_t(i));
    }
    at::Generator gen = generatorFor(noiseSeed);
    const TensorBatch b =
        buildBatch(p, torch::tensor(idx, torch::kLong), sigma, settings.noise, gen);
    TrainingBatch out;
    out.inputs = toVector(b.input);
    out.targets =
        settings.task == SparsityTask::Reconstruct ? toVector(b.clean) : toVector(b.labels);
    return out;
}

// ---- training --------------------------------------------------------------------------------

Outcome<SparsityRun> trainSparseNetwork(SparseNetwork& network, const ImageData& data,
                                        const SparsityCallbacks& callbacks,
                                        const ProgressFn& progress, std::stop_token stop) {
    detail::SparseNetworkImpl& net = network.impl();
    const SparsitySettings& s = net.settings;
    checkSparsitySettings(s);
    checkFits(network, data);
    const auto started = Clock::now();
    const Prepared p = prepare(data, s);
    Outcome<SparsityRun> outcome;
    SparsityRun& run = outcome.value;
    run.settings = s;

    // Two generators: one for the training noise, one for the noisy test pass (the triplets
    // have their own), so the measures do not depend on how many epochs drew noise before.
    at::Generator trainGen = generatorFor(s.seed * 1000003ULL + 17);
    at::Generator evalGen = generatorFor(s.seed * 1000003ULL + 29);
    Rng shuffle(s.seed ^ 0x5eed5eedULL);

    auto params = net.parameters();
    torch::optim::Adam optimizer(params, torch::optim::AdamOptions(s.learningRate));
    const std::size_t width = std::size_t(s.width);
    const std::size_t batch = std::size_t(s.batchSize);
    const std::size_t batches = (p.trainN + batch - 1) / batch;
    const std::size_t total = batches * std::size_t(s.epochs);

    { // epoch 0: the untrained network; dead units from the test pass itself
        Evaluation e0 = evaluate(net, p, {}, 0, nullptr);
        const std::vector<bool> dead0 = deadUnits(e0.unitSums);
        e0 = evaluate(net, p, dead0, 0, nullptr);
        SparsityEpoch r;
        r.epoch = 0;
        r.sigma = sigmaAt(s, 1, 0);
        r.testLoss = e0.loss;
        r.testAccuracy = e0.accuracy;
        r.fractionActive = e0.activity.fractionActive;
        r.deadFraction = e0.activity.deadFraction;
        run.epochs.push_back(r);
        if (callbacks.onEpoch) callbacks.onEpoch(r, network);
    }

    std::vector<double> epochSums(width, 0.0);
    std::size_t done = 0;
    std::vector<std::int64_t> order(p.trainN);
    for (int epoch = 1; epoch <= s.epochs; ++epoch) {
        const auto epochStart = Clock::now();
        std::iota(order.begin(), order.end(), std::int64_t{0});
        for (std::size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[shuffle.below(i)]);
        std::fill(epochSums.begin(), epochSums.end(), 0.0);
        double lossSum = 0;
        double sigma = s.sigma;
        for (std::size_t b = 0; b < batches; ++b) {
            if (stop.stop_requested()) {
                outcome.cancelled = true;
                run.note = "cancelled in epoch " + std::to_string(epoch) + " after " +
                           std::to_string(b) + " of " + std::to_string(batches) + " batches";
                run.seconds = std::chrono::duration<double>(Clock::now() - started).count();
                return outcome;
            }
            sigma = sigmaAt(s, epoch, double(b) / double(batches));
            const std::size_t first = b * batch, n = std::min(batch, p.trainN - first);
            const torch::Tensor index =
                torch::from_blob(order.data() + first, {std::int64_t(n)}, torch::kLong);
            const TensorBatch tb = buildBatch(p, index, sigma, s.noise, trainGen);
            optimizer.zero_grad();
            const torch::Tensor h = net.hidden(tb.input);
            const torch::Tensor loss = lossOf(net, net.output(h), tb.clean, tb.labels);
            const double lossValue = loss.item<double>();
            bool finite = std::isfinite(lossValue);
            if (finite) {
                loss.backward();
                finite = std::isfinite(torch::nn::utils::clip_grad_norm_(params, s.gradientClip));
            }
            auto nonFinite = [&](const char* what) {
                return Error(ErrorCode::NonFinite,
                             "training stopped in epoch " + std::to_string(epoch) + ", batch " +
                                 std::to_string(b + 1) + ": " + what +
                                 " is not a finite number (try a smaller learning rate or σ); "
                                 "the network keeps its last good weights");
            };
            if (!finite) throw nonFinite("the loss or a gradient");
            std::vector<torch::Tensor> before;
            {
                torch::NoGradGuard noGrad;
                for (const torch::Tensor& t : params)
                    before.push_back(t.detach().clone());
            }
            optimizer.step();
            if (!allFinite(params)) {
                torch::NoGradGuard noGrad;
                for (std::size_t k = 0; k < params.size(); ++k)
                    params[k].copy_(before[k]);
                throw nonFinite("a weight after the update");
            }
            {
                torch::NoGradGuard noGrad;
                const torch::Tensor sums = h.detach().sum(0).to(torch::kDouble).contiguous();
                const double* ps = sums.data_ptr<double>();
                for (std::size_t k = 0; k < width; ++k)
                    epochSums[k] += ps[k];
            }
            lossSum += lossValue;
            ++done;
            report(progress,
                   {"training", done, total,
                    "epoch " + std::to_string(epoch) + " of " + std::to_string(s.epochs) +
                        ", batch " + std::to_string(b + 1) + " of " + std::to_string(batches)});
        }
        const Evaluation e = evaluate(net, p, deadUnits(epochSums), 0, nullptr);
        SparsityEpoch r;
        r.epoch = epoch;
        r.sigma = sigmaAt(s, epoch, 1.0);
        r.trainLoss = batches ? lossSum / double(batches) : std::nan("");
        r.testLoss = e.loss;
        r.testAccuracy = e.accuracy;
        r.fractionActive = e.activity.fractionActive;
        r.deadFraction = e.activity.deadFraction;
        r.seconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
        run.epochs.push_back(r);
        if (callbacks.onEpoch) callbacks.onEpoch(r, network);
    }

    // The final measures: dead units from the last training epoch (from the test pass when no
    // epoch was trained), on clean and on noisy test inputs.
    report(progress, {"measuring", 0, 1, "measuring on the test set"});
    std::vector<bool> dead;
    if (s.epochs > 0) {
        dead = deadUnits(epochSums);
    } else {
        dead = deadUnits(evaluate(net, p, {}, 0, nullptr).unitSums);
    }
    const Evaluation clean = evaluate(net, p, dead, 0, nullptr);
    SparsityMeasures& m = run.measures;
    m.activity = clean.activity;
    m.testLoss = clean.loss;
    m.testAccuracy = clean.accuracy;
    if (s.sigma > 0) {
        const Evaluation noisy = evaluate(net, p, dead, s.sigma, &evalGen);
        m.fractionActiveNoisy = noisy.activity.fractionActive;
        m.testLossNoisy = noisy.loss;
    } else {
        m.fractionActiveNoisy = clean.activity.fractionActive;
        m.testLossNoisy = clean.loss;
    }
    const SparseWeights w = network.weights();
    m.norms = rowNorms(w.w1, w.units, w.inputs);
    m.biases.resize(w.units);
    std::vector<double> livingBias, livingNorm;
    for (std::size_t k = 0; k < w.units; ++k) {
        m.biases[k] = w.biasOf(k);
        if (!dead[k]) {
            livingBias.push_back(m.biases[k]);
            livingNorm.push_back(m.norms[k]);
        }
    }
    if (s.sharedBias) livingBias.assign(1, w.bias1[0]);
    m.bias = describe(livingBias);
    m.norm = describe(livingNorm);

    { // triplets: the first test images, clean / noisy (σ of the run) / the network's output
        torch::NoGradGuard noGrad;
        const std::int64_t n = std::int64_t(std::min(kTriplets, p.testN));
        const torch::Tensor images = p.testX.narrow(0, 0, n);
        at::Generator tripletGen = generatorFor(s.seed * 1000003ULL + 31);
        const torch::Tensor noisy =
            s.sigma > 0 ? images + s.sigma * noiseLike(images, s.noise, tripletGen) : images;
        const torch::Tensor out = net.output(net.hidden(noisy));
        const std::size_t d = network.inputs();
        const std::vector<float> c = toVector(images), z = toVector(noisy), o = toVector(out);
        for (std::int64_t i = 0; i < n; ++i) {
            ImageTriplet t;
            t.clean.assign(c.begin() + i * std::int64_t(d), c.begin() + (i + 1) * std::int64_t(d));
            t.noisy.assign(z.begin() + i * std::int64_t(d), z.begin() + (i + 1) * std::int64_t(d));
            if (s.task == SparsityTask::Reconstruct)
                t.output.assign(o.begin() + i * std::int64_t(d),
                                o.begin() + (i + 1) * std::int64_t(d));
            t.label = int(p.testY[i].item<std::int64_t>());
            run.triplets.push_back(std::move(t));
        }
    }
    report(progress, {"measuring", 1, 1, "measured"});
    run.completed = true;
    run.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return outcome;
}

} // namespace flicker
