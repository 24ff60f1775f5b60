// The activations Flicker records from an LSTM reading a review: the input x and, per cell,
// the gates i, f, g, o, the cell state c and the hidden state h (science.md, "What is recorded").
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace flicker {

enum class ActivationKind { X, I, F, G, O, C, H };

inline constexpr auto kAllKinds =
    std::to_array({ActivationKind::X, ActivationKind::I, ActivationKind::F, ActivationKind::G,
                   ActivationKind::O, ActivationKind::C, ActivationKind::H});
/// How many kinds there are (arrays indexed by int(kind) have this size).
inline constexpr std::size_t kKindCount = kAllKinds.size();

/// "x", "i", "f", "g", "o", "c", "h".
const char* kindName(ActivationKind kind);
/// A person's name: "input x (word embedding)", "input gate i", …, "hidden state h".
const char* kindTitle(ActivationKind kind);
std::optional<ActivationKind> kindFromName(std::string_view name);

/// Internal = computed inside the cell (i, f, g, o); external = leaves the cell (c, h).
/// Our reading of the paper's figure 2 (science.md); x is neither.
enum class KindGroup { Input, Internal, External };
KindGroup kindGroup(ActivationKind kind);

} // namespace flicker
