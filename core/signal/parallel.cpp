#include "signal/parallel.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace flicker {

unsigned coreCount() {
    return std::max(1u, std::thread::hardware_concurrency());
}

unsigned resolveThreads(unsigned threads) {
    return threads > 0 ? std::min(threads, coreCount()) : coreCount();
}

void parallelFor(std::size_t n, unsigned threads,
                 const std::function<void(std::size_t, std::size_t)>& body) {
    if (n == 0) return;
    const std::size_t workers = std::min<std::size_t>(resolveThreads(threads), n);
    if (workers == 1) {
        body(0, n);
        return;
    }
    std::exception_ptr firstError;
    std::mutex errorMutex;
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    auto run = [&](std::size_t w) {
        const std::size_t begin = n * w / workers, end = n * (w + 1) / workers;
        try {
            body(begin, end);
        } catch (...) {
            std::lock_guard lock(errorMutex);
            if (!firstError) firstError = std::current_exception();
        }
    };
    for (std::size_t w = 1; w < workers; ++w)
        pool.emplace_back(run, w);
    run(0);
    for (auto& t : pool)
        t.join();
    if (firstError) std::rethrow_exception(firstError);
}

} // namespace flicker
