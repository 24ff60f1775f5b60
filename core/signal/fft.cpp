#include "signal/fft.h"

#include "error.h"

#include <fftw3.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

namespace flicker::fft {
namespace {

struct Plans {
    fftw_plan forward = nullptr;
    fftw_plan inverse = nullptr;
};

void destroy(const Plans& p) {
    if (p.forward) fftw_destroy_plan(p.forward);
    if (p.inverse) fftw_destroy_plan(p.inverse);
}

// The plans of every length used so far; destroyed with the program, after every worker has
// ended (the job runners wait for their threads before that), so that nothing FFTW allocated
// is left behind (LeakSanitizer checks it).
struct PlanCache {
    std::mutex mutex; // FFTW's planner is not thread-safe; execution is
    std::map<std::size_t, Plans> plans;
    PlanCache() = default;
    PlanCache(const PlanCache&) = delete;
    PlanCache& operator=(const PlanCache&) = delete;
    ~PlanCache() {
        for (const auto& [n, p] : plans)
            destroy(p);
        fftw_cleanup();
    }
};

struct RealBuffer {
    explicit RealBuffer(std::size_t n) : data(fftw_alloc_real(std::max<std::size_t>(n, 1))) {
        if (!data) throw Error(ErrorCode::Internal, "out of memory for an FFT buffer");
    }
    ~RealBuffer() { fftw_free(data); }
    RealBuffer(const RealBuffer&) = delete;
    RealBuffer& operator=(const RealBuffer&) = delete;
    double* data;
};
struct ComplexBuffer {
    explicit ComplexBuffer(std::size_t n) : data(fftw_alloc_complex(std::max<std::size_t>(n, 1))) {
        if (!data) throw Error(ErrorCode::Internal, "out of memory for an FFT buffer");
    }
    ~ComplexBuffer() { fftw_free(data); }
    ComplexBuffer(const ComplexBuffer&) = delete;
    ComplexBuffer& operator=(const ComplexBuffer&) = delete;
    fftw_complex* data;
};

// Plans are made once per length on scratch buffers and executed on other fftw_malloc buffers
// (same alignment) with the new-array API.
const Plans& plansFor(std::size_t n) {
    static PlanCache cache;
    std::lock_guard lock(cache.mutex);
    auto it = cache.plans.find(n);
    if (it != cache.plans.end()) return it->second;
    RealBuffer real(n);
    ComplexBuffer cplx(n / 2 + 1);
    Plans p;
    const int len = int(n);
    p.forward = fftw_plan_dft_r2c_1d(len, real.data, cplx.data, FFTW_ESTIMATE);
    p.inverse = fftw_plan_dft_c2r_1d(len, cplx.data, real.data, FFTW_ESTIMATE);
    if (!p.forward || !p.inverse) {
        destroy(p);
        throw Error(ErrorCode::Internal, "FFTW could not plan a transform");
    }
    return cache.plans.emplace(n, p).first->second;
}

} // namespace

std::vector<std::complex<double>> forward(const std::vector<double>& in) {
    const std::size_t n = in.size();
    if (n == 0) return {};
    const Plans& p = plansFor(n);
    RealBuffer real(n);
    ComplexBuffer cplx(n / 2 + 1);
    std::copy(in.begin(), in.end(), real.data);
    fftw_execute_dft_r2c(p.forward, real.data, cplx.data);
    std::vector<std::complex<double>> out(n / 2 + 1);
    for (std::size_t k = 0; k < out.size(); ++k)
        out[k] = {cplx.data[k][0], cplx.data[k][1]};
    return out;
}

std::vector<double> inverse(const std::vector<std::complex<double>>& in, std::size_t n) {
    if (n == 0) return {};
    if (in.size() != n / 2 + 1)
        throw Error(ErrorCode::Internal, "inverse FFT: wrong number of bins");
    const Plans& p = plansFor(n);
    ComplexBuffer cplx(n / 2 + 1);
    RealBuffer real(n);
    for (std::size_t k = 0; k < in.size(); ++k) {
        cplx.data[k][0] = in[k].real();
        cplx.data[k][1] = in[k].imag();
    }
    fftw_execute_dft_c2r(p.inverse, cplx.data, real.data); // c2r destroys its input: a copy
    return std::vector<double>(real.data, real.data + n);
}

} // namespace flicker::fft
