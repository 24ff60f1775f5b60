#include "record/activation_kind.h"

namespace flicker {

const char* kindName(ActivationKind kind) {
    static constexpr const char* names[] = {"x", "i", "f", "g", "o", "c", "h"};
    return names[int(kind)];
}

const char* kindTitle(ActivationKind kind) {
    static constexpr const char* titles[] = {"input x (word embedding)",
                                             "input gate i",
                                             "forget gate f",
                                             "cell input g",
                                             "output gate o",
                                             "cell state c",
                                             "hidden state h"};
    return titles[int(kind)];
}

std::optional<ActivationKind> kindFromName(std::string_view name) {
    for (ActivationKind k : kAllKinds)
        if (name == kindName(k)) return k;
    return std::nullopt;
}

KindGroup kindGroup(ActivationKind kind) {
    switch (kind) {
    case ActivationKind::X:
        return KindGroup::Input;
    case ActivationKind::C:
    case ActivationKind::H:
        return KindGroup::External;
    default:
        return KindGroup::Internal;
    }
}

} // namespace flicker
