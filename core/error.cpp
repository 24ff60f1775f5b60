#include "error.h"

#include <cstdint>
#include <cstdio>

namespace flicker {
namespace {

/// Length of the valid UTF-8 sequence at text[i] (1–4), or 0 when the bytes there are not one.
std::size_t utf8Length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return std::uint8_t(text[k]); };
    const std::uint8_t b = byte(i);
    std::size_t n = 0;
    std::uint32_t min = 0;
    if (b < 0x80) return 1;
    if ((b & 0xE0) == 0xC0)
        n = 2, min = 0x80;
    else if ((b & 0xF0) == 0xE0)
        n = 3, min = 0x800;
    else if ((b & 0xF8) == 0xF0)
        n = 4, min = 0x10000;
    else
        return 0;
    if (i + n > text.size()) return 0;
    std::uint32_t cp = b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    if (cp >= 0x80 && cp <= 0x9F) return 0; // C1 control characters: escaped like bytes
    return n;
}

} // namespace

std::string quoteInput(std::string_view text, std::size_t maxChars, char mark) {
    std::string out(1, mark);
    std::size_t chars = 0, i = 0;
    for (; i < text.size() && chars < maxChars; ++chars) {
        const char c = text[i];
        const std::size_t n = utf8Length(text, i);
        if (n == 1 && c >= 0x20 && c != 0x7F && c != '\\') {
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\0') {
            out += "\\0";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (n > 1) {
            out.append(text.substr(i, n));
            i += n;
            continue;
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", unsigned(std::uint8_t(c)));
            out += hex;
        }
        ++i;
    }
    out += mark;
    if (i < text.size()) out += "… (" + std::to_string(text.size()) + " bytes in all)";
    return out;
}

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
