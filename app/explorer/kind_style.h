// One colour per activation kind, the same in every across-review figure.
#pragma once

#include "record/activation_kind.h"

#include <QColor>

namespace flicker {

inline QColor kindColor(ActivationKind kind) {
    switch (kind) {
    case ActivationKind::X:
        return QColor(0x7f, 0x7f, 0x7f); // the input: grey, like white noise
    case ActivationKind::I:
        return QColor(0x17, 0xbe, 0xcf);
    case ActivationKind::F:
        return QColor(0x2c, 0xa0, 0x2c);
    case ActivationKind::G:
        return QColor(0xbc, 0xbd, 0x22);
    case ActivationKind::O:
        return QColor(0x94, 0x67, 0xbd);
    case ActivationKind::C:
        return QColor(0xff, 0x7f, 0x0e);
    case ActivationKind::H:
        return QColor(0xd6, 0x33, 0x84); // the hidden state: pink
    }
    return Qt::black;
}

} // namespace flicker
