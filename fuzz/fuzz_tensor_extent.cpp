// TorchScript import's tensor check (LibTorch 1.13 trusts a file's offset, sizes and strides):
// tensorExtentProblem on any description, against a reference computed in 128-bit integers —
// it must accept exactly the tensors whose every element lies inside the storage.
#include "fuzz_support.h"
#include "model/tensor_extent.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace {

std::int64_t take(const std::uint8_t*& data, std::size_t& size) {
    std::int64_t v = 0;
    const std::size_t n = std::min(size, sizeof v);
    std::memcpy(&v, data, n);
    data += n;
    size -= n;
    return v;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using flicker::detail::tensorExtentProblem;
    const std::int64_t itemSize = 1 + (take(data, size) & 7);
    const std::int64_t storageBytes = take(data, size) >> (take(data, size) & 63);
    const std::int64_t offset = take(data, size) >> (take(data, size) & 63);
    std::vector<std::int64_t> sizes, strides;
    while (size > 0 && sizes.size() < 8) {
        sizes.push_back(take(data, size) >> 40);
        strides.push_back(take(data, size) >> 30);
    }
    const bool accepted = !tensorExtentProblem(itemSize, storageBytes, offset, sizes, strides);
    // the reference: every index offset + Σ i_d·stride_d with 0 ≤ i_d < size_d inside storage
    bool fine = storageBytes >= 0 && offset >= 0;
    bool empty = false;
    __int128 last = offset;
    for (std::size_t d = 0; d < sizes.size(); ++d) {
        if (sizes[d] < 0 || strides[d] < 0) fine = false;
        if (sizes[d] == 0) empty = true;
        last += __int128(sizes[d] - 1) * strides[d];
    }
    if (fine && !empty) fine = last < storageBytes / itemSize;
    // overflow of 64-bit arithmetic is refused even where 128 bits would fit: allowed only then
    const bool overflowRefusal = !accepted && fine && last > INT64_MAX;
    flicker::fuzz::require(accepted == fine || overflowRefusal,
                           "accepts exactly the tensors inside their storage");
    return 0;
}
