#include "model/lstm_classifier_impl.h"

#include "error.h"
#include "model/fused_lstm.h"
#include "signal/parallel.h"

#include <dlfcn.h>
#include <malloc.h>

#include <algorithm>
#include <mutex>
#include <numeric>
#include <thread>

namespace flicker {

namespace detail {

ClassifierImpl::ClassifierImpl(const ModelSettings& s) : settings(s) {
    checkModelSettings(s);
    // torch's generator is global: seeding right before construction makes the initial
    // weights a function of the seed alone.
    torch::manual_seed(s.seed);
    embedding = torch::nn::Embedding(torch::nn::EmbeddingOptions(s.vocabularySize, s.embedding));
    lstm = torch::nn::LSTM(torch::nn::LSTMOptions(s.embedding, s.hidden).batch_first(true));
    fc = torch::nn::Linear(s.hidden, 1);
}

torch::Tensor ClassifierImpl::forward(const torch::Tensor& ids, const torch::Tensor& lengths) {
    return forward(ids, lengths, Noise{});
}

torch::Tensor ClassifierImpl::embed(const torch::Tensor& ids, const Noise& noise) {
    const torch::Tensor x = embedding->forward(ids); // B × T × E
    if (noise.input <= 0) return x;
    return x + noise.input * torch::randn(x.sizes(), *noise.generator, x.options());
}

torch::Tensor ClassifierImpl::hiddenStates(const torch::Tensor& x, const Noise& noise) {
    if (noise.hidden <= 0 && !noise.unrolled) {
        if (!noise.fused) return std::get<0>(lstm->forward(x));
        auto p = lstm->named_parameters();
        return fusedLstm(x, p["weight_ih_l0"], p["weight_hh_l0"], p["bias_ih_l0"],
                         p["bias_hh_l0"])[0];
    }
    // The cell of science.md with torch::nn::LSTM's own parameters (gate order i, f, g, o).
    // The input half of every gate is one product for all steps, time-major, and is split
    // with unbind: its backward stacks the steps' gradients once. (select() per step would
    // make each step's backward fill a zero tensor of the whole batch × steps × 4H: quadratic
    // in the length, ten times slower at 500 words.) The noise is drawn once for all steps.
    auto p = lstm->named_parameters();
    const torch::Tensor& wih = p["weight_ih_l0"];
    const torch::Tensor& whh = p["weight_hh_l0"];
    const std::int64_t B = x.size(0), T = x.size(1), H = settings.hidden;
    const std::vector<torch::Tensor> inputGates =
        (torch::matmul(x.transpose(0, 1), wih.t()) + p["bias_ih_l0"] + p["bias_hh_l0"])
            .unbind(0); // T × (B × 4H)
    std::vector<torch::Tensor> noiseSteps;
    if (noise.hidden > 0)
        noiseSteps =
            (noise.hidden * torch::randn({T, B, H}, *noise.generator, x.options())).unbind(0);
    torch::Tensor h = torch::zeros({B, H}, x.options());
    torch::Tensor c = torch::zeros({B, H}, x.options());
    const torch::Tensor whhT = whh.t();
    std::vector<torch::Tensor> out;
    out.reserve(std::size_t(T));
    for (std::int64_t t = 0; t < T; ++t) {
        const auto gates = torch::addmm(inputGates[std::size_t(t)], h, whhT).chunk(4, 1);
        c = torch::sigmoid(gates[1]) * c + torch::sigmoid(gates[0]) * torch::tanh(gates[2]);
        h = torch::sigmoid(gates[3]) * torch::tanh(c);
        if (noise.hidden > 0) h = h + noiseSteps[std::size_t(t)];
        out.push_back(h);
    }
    return torch::stack(out, 1); // B × T × H
}

torch::Tensor ClassifierImpl::forward(const torch::Tensor& ids, const torch::Tensor& lengths,
                                      const Noise& noise) {
    const torch::Tensor x = embed(ids, noise);        // B × T × E, right-padded
    const torch::Tensor out = hiddenStates(x, noise); // B × T × H
    // The LSTM is causal, so the output at step length−1 is the state after the review's own
    // last word: padding after it never reaches the classifier nor, through it, the gradient.
    // (Packed sequences would skip the padded steps, but LibTorch 1.13's packed backward is
    // ~50× slower on CPU; length bucketing keeps the padded share small instead.)
    const torch::Tensor last = (lengths - 1).view({-1, 1, 1}).expand({-1, 1, out.size(2)});
    const torch::Tensor h = out.gather(1, last).squeeze(1); // B × H
    return fc->forward(h).squeeze(1);
}

std::vector<torch::Tensor> ClassifierImpl::parameters() const {
    return {embedding->weight,
            lstm->named_parameters()["weight_ih_l0"],
            lstm->named_parameters()["weight_hh_l0"],
            lstm->named_parameters()["bias_ih_l0"],
            lstm->named_parameters()["bias_hh_l0"],
            fc->weight,
            fc->bias};
}

at::Generator noiseGenerator(std::uint64_t trainingSeed) {
    // Any fixed offset will do; this one spells "noise" so that the stream differs from the
    // initialisation's (torch::manual_seed(seed)) for the same seed.
    return at::detail::createCPUGenerator(trainingSeed + 0x6e6f697365ULL);
}

std::pair<torch::Tensor, torch::Tensor>
padBatch(const std::vector<const std::vector<std::int32_t>*>& batch) {
    std::size_t maxLen = 1;
    for (const auto* r : batch)
        maxLen = std::max(maxLen, r->size());
    torch::Tensor ids =
        torch::zeros({std::int64_t(batch.size()), std::int64_t(maxLen)}, torch::kLong);
    torch::Tensor lengths = torch::empty({std::int64_t(batch.size())}, torch::kLong);
    auto idsA = ids.accessor<std::int64_t, 2>();
    auto lenA = lengths.accessor<std::int64_t, 1>();
    for (std::size_t b = 0; b < batch.size(); ++b) {
        const auto& r = *batch[b];
        for (std::size_t t = 0; t < r.size(); ++t)
            idsA[std::int64_t(b)][std::int64_t(t)] = r[t];
        lenA[std::int64_t(b)] = std::max<std::int64_t>(1, std::int64_t(r.size()));
    }
    return {ids, lengths};
}

} // namespace detail

namespace {
std::vector<float> toVector(const torch::Tensor& t) {
    const torch::Tensor c = t.detach().contiguous().to(torch::kFloat);
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

void copyInto(torch::Tensor& target, const std::vector<float>& values) {
    torch::NoGradGuard noGrad;
    const torch::Tensor source =
        torch::from_blob(const_cast<float*>(values.data()), target.sizes(), torch::kFloat);
    target.copy_(source);
}
} // namespace

std::uint64_t parameterCount(const ModelSettings& s) {
    const auto v = std::uint64_t(std::max(s.vocabularySize, 0));
    const auto e = std::uint64_t(std::max(s.embedding, 0));
    const auto h = std::uint64_t(std::max(s.hidden, 0));
    return v * e + 4 * h * (e + h) + 8 * h + h + 1;
}

void checkModelSettings(const ModelSettings& s) {
    const auto range = [](const char* name, std::int32_t value, std::int32_t low,
                          std::int32_t high) {
        if (value < low || value > high)
            throw Error(ErrorCode::InvalidArgument,
                        std::string(name) + " must be " + std::to_string(low) + " … " +
                            std::to_string(high) + ", not " + std::to_string(value),
                        name);
    };
    range("vocabulary size", s.vocabularySize, 3, kMaxVocabulary);
    range("embedding size E", s.embedding, 1, kMaxEmbedding);
    range("hidden size H", s.hidden, 1, kMaxHidden);
    if (const std::uint64_t n = parameterCount(s); n > kMaxParameters)
        throw Error(ErrorCode::InvalidArgument,
                    "a network with V = " + std::to_string(s.vocabularySize) +
                        ", E = " + std::to_string(s.embedding) +
                        ", H = " + std::to_string(s.hidden) + " would have " + std::to_string(n) +
                        " parameters, more than the " + std::to_string(kMaxParameters) +
                        " allowed: choose a smaller embedding, hidden size or vocabulary",
                    "model size");
}

void checkWeights(const ModelSettings& s, const ModelWeights& w) {
    const std::size_t V = std::size_t(s.vocabularySize), E = std::size_t(s.embedding),
                      H = std::size_t(s.hidden);
    auto check = [](const char* name, std::size_t got, std::size_t want) {
        if (got != want)
            throw Error(ErrorCode::InvalidArgument,
                        std::string("weight array '") + name + "' has " + std::to_string(got) +
                            " values, the model's sizes need " + std::to_string(want),
                        name);
    };
    check("embedding", w.embedding.size(), V * E);
    check("weight_ih", w.weightIh.size(), 4 * H * E);
    check("weight_hh", w.weightHh.size(), 4 * H * H);
    check("bias_ih", w.biasIh.size(), 4 * H);
    check("bias_hh", w.biasHh.size(), 4 * H);
    check("fc.weight", w.fcWeight.size(), H);
    check("fc.bias", w.fcBias.size(), 1);
}

LstmClassifier::LstmClassifier(const ModelSettings& settings)
    : m_impl(std::make_unique<detail::ClassifierImpl>(settings)) {}

LstmClassifier::LstmClassifier(const ModelSettings& settings, const ModelWeights& weights)
    : m_impl(std::make_unique<detail::ClassifierImpl>(settings)) {
    setWeights(weights);
}

LstmClassifier::~LstmClassifier() = default;
LstmClassifier::LstmClassifier(LstmClassifier&&) noexcept = default;
LstmClassifier& LstmClassifier::operator=(LstmClassifier&&) noexcept = default;

LstmClassifier::LstmClassifier(const LstmClassifier& other)
    : LstmClassifier(other.settings(), other.weights()) {}

LstmClassifier& LstmClassifier::operator=(const LstmClassifier& other) {
    if (this != &other) *this = LstmClassifier(other);
    return *this;
}

const ModelSettings& LstmClassifier::settings() const {
    return m_impl->settings;
}

ModelWeights LstmClassifier::weights() const {
    const auto p = m_impl->parameters();
    return {toVector(p[0]), toVector(p[1]), toVector(p[2]), toVector(p[3]),
            toVector(p[4]), toVector(p[5]), toVector(p[6])};
}

void LstmClassifier::setWeights(const ModelWeights& w) {
    checkWeights(m_impl->settings, w);
    auto p = m_impl->parameters();
    copyInto(p[0], w.embedding);
    copyInto(p[1], w.weightIh);
    copyInto(p[2], w.weightHh);
    copyInto(p[3], w.biasIh);
    copyInto(p[4], w.biasHh);
    copyInto(p[5], w.fcWeight);
    copyInto(p[6], w.fcBias);
}

std::vector<float> LstmClassifier::predict(const std::vector<std::vector<std::int32_t>>& reviews,
                                           LstmKernel kernel) const {
    torch::NoGradGuard noGrad;
    detail::ClassifierImpl::Noise clean;
    clean.fused = kernel == LstmKernel::Fused;
    std::vector<float> out(reviews.size(), 0.5f);
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < reviews.size(); ++k)
        if (!reviews[k].empty()) order.push_back(k);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return reviews[a].size() < reviews[b].size();
    });
    const std::size_t batchSize = 256;
    for (std::size_t start = 0; start < order.size(); start += batchSize) {
        const std::size_t end = std::min(order.size(), start + batchSize);
        std::vector<const std::vector<std::int32_t>*> batch;
        for (std::size_t k = start; k < end; ++k)
            batch.push_back(&reviews[order[k]]);
        auto [ids, lengths] = detail::padBatch(batch);
        const torch::Tensor p = torch::sigmoid(m_impl->forward(ids, lengths, clean)).contiguous();
        for (std::size_t k = start; k < end; ++k)
            out[order[k]] = p[std::int64_t(k - start)].item<float>();
    }
    return out;
}

std::vector<float> LstmClassifier::trainingHiddenStates(std::span<const std::int32_t> ids,
                                                        double inputNoise, double hiddenNoise,
                                                        std::uint64_t noiseSeed,
                                                        bool unrolled) const {
    if (ids.empty())
        throw Error(ErrorCode::InvalidArgument, "a review without tokens has no hidden states");
    torch::NoGradGuard noGrad;
    const std::vector<std::int32_t> copy(ids.begin(), ids.end());
    auto [idTensor, lengths] = detail::padBatch({&copy});
    at::Generator generator = detail::noiseGenerator(noiseSeed);
    const detail::ClassifierImpl::Noise noise{inputNoise, hiddenNoise, &generator, unrolled};
    const torch::Tensor x = m_impl->embed(idTensor, noise);
    return toVector(m_impl->hiddenStates(x, noise).squeeze(0));
}

int defaultTorchThreads() {
    return int(std::max(1u, std::thread::hardware_concurrency()));
}

void configureTorchThreads(int threads) {
    static std::once_flag once;
    std::call_once(once, [] {
        at::set_num_interop_threads(1);
        // LibTorch's matrices here are small (64 × 256): OpenBLAS' own thread pool only
        // competes with LibTorch's OpenMP threads (measured several times slower on 2 cores).
        using SetThreads = void (*)(int);
        if (auto set =
                reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
            set(1);
        // Training allocates and frees the same few-megabyte tensors every batch; glibc would
        // hand them back to the kernel each time and fault them in again (measured: a third
        // of the run time in page faults). Keep them in the heap instead.
        mallopt(M_MMAP_THRESHOLD, 256 << 20);
        mallopt(M_TRIM_THRESHOLD, 512 << 20);
    });
    torch::set_num_threads(threads > 0 ? int(resolveThreads(unsigned(threads)))
                                       : defaultTorchThreads());
}

} // namespace flicker
