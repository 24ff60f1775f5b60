#include "text/review.h"

namespace flicker {

std::optional<Split> splitFromName(std::string_view name) {
    for (Split s : {Split::Train, Split::Test, Split::Unsup, Split::None})
        if (name == splitName(s)) return s;
    return std::nullopt;
}

const char* splitName(Split split) {
    switch (split) {
    case Split::Train:
        return "train";
    case Split::Test:
        return "test";
    case Split::Unsup:
        return "unsup";
    case Split::None:
        return "none";
    }
    return "none";
}

std::size_t Corpus::count(Split split) const {
    std::size_t n = 0;
    for (const Review& r : reviews)
        n += r.split == split;
    return n;
}

std::vector<std::size_t> Corpus::indices(Split split) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < reviews.size(); ++i)
        if (reviews[i].split == split) out.push_back(i);
    return out;
}

long Corpus::find(std::string_view id) const {
    // Linear: looked up rarely (one review picked by the user), and the corpus stays a plain
    // value without an index to keep in step.
    for (std::size_t i = 0; i < reviews.size(); ++i)
        if (reviews[i].id == id) return long(i);
    return -1;
}

} // namespace flicker
