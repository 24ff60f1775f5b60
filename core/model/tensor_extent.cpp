#include "model/tensor_extent.h"

namespace flicker::detail {

std::optional<std::string> tensorExtentProblem(std::int64_t itemSize, std::int64_t storageBytes,
                                               std::int64_t offset,
                                               std::span<const std::int64_t> sizes,
                                               std::span<const std::int64_t> strides) {
    if (itemSize <= 0) return "its element type has no size";
    if (storageBytes < 0) return "its storage has a negative size";
    if (sizes.size() != strides.size()) return "it has not one stride per dimension";
    const std::int64_t storageElements = storageBytes / itemSize;
    if (offset < 0) return "negative storage offset";
    bool empty = false;
    for (std::size_t d = 0; d < sizes.size(); ++d) {
        if (sizes[d] < 0 || strides[d] < 0) return "negative size or stride";
        if (sizes[d] == 0) empty = true;
    }
    if (empty) return std::nullopt; // no element is ever read
    std::int64_t last = offset;     // the largest element index the tensor reaches
    for (std::size_t d = 0; d < sizes.size(); ++d) {
        std::int64_t reach = 0;
        if (__builtin_mul_overflow(sizes[d] - 1, strides[d], &reach) ||
            __builtin_add_overflow(last, reach, &last))
            return "its sizes and strides overflow";
    }
    if (last >= storageElements)
        return "it reaches element " + std::to_string(last) + " of a storage of " +
               std::to_string(storageElements);
    return std::nullopt;
}

} // namespace flicker::detail
