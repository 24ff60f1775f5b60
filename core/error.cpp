#include "error.h"

namespace flicker {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
    case ErrorCode::InvalidArgument:
        return "invalid setting";
    case ErrorCode::TooShort:
        return "series too short";
    case ErrorCode::NonFinite:
        return "non-finite value";
    case ErrorCode::EmptyInput:
        return "empty input";
    case ErrorCode::ParseError:
        return "unreadable input";
    case ErrorCode::Io:
        return "file error";
    case ErrorCode::Cancelled:
        return "cancelled";
    case ErrorCode::Internal:
        return "internal error";
    }
    return "error";
}

} // namespace flicker
