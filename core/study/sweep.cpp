#include "study/sweep.h"

#include <cstdio>

namespace flicker {

std::string pointFolder(int hidden, std::uint64_t seed) {
    char name[64];
    std::snprintf(name, sizeof name, "h%04d_seed%llu", hidden,
                  static_cast<unsigned long long>(seed));
    return name;
}

} // namespace flicker
