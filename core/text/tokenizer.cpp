#include "text/tokenizer.h"

#include <QChar>

#include <array>
#include <cstdint>
#include <cstring>

namespace flicker {
namespace {

// What one ASCII byte is to the tokenizer. Bytes ≥ 0x80 start a multi-byte UTF-8 sequence and
// are classified by code point (through QChar's Unicode tables), which is rare enough in
// reviews that the ASCII table keeps the loop fast.
enum CharClass : std::uint8_t {
    kSeparator,  // white space, control characters
    kLower,      // a–z
    kUpper,      // A–Z
    kDigit,      // 0–9
    kApostrophe, // '
    kPunct,      // other printable ASCII
    kLessThan,   // '<', may start "<br />"
    kMultiByte,  // ≥ 0x80
};

constexpr std::array<std::uint8_t, 256> makeClassTable() {
    std::array<std::uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        std::uint8_t k = kSeparator;
        if (c >= 0x80)
            k = kMultiByte;
        else if (c >= 'a' && c <= 'z')
            k = kLower;
        else if (c >= 'A' && c <= 'Z')
            k = kUpper;
        else if (c >= '0' && c <= '9')
            k = kDigit;
        else if (c == '\'')
            k = kApostrophe;
        else if (c == '<')
            k = kLessThan;
        else if (c > 0x20 && c < 0x7F)
            k = kPunct;
        t[std::size_t(c)] = k;
    }
    return t;
}
constexpr auto kClass = makeClassTable();

bool isContinuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// Length of the valid UTF-8 sequence at s[i] (1 … 4), or 0 if s[i] does not start one.
// Rejects overlong forms, surrogates and code points above U+10FFFF (RFC 3629).
std::size_t validSequenceLength(std::string_view s, std::size_t i) {
    const auto at = [&](std::size_t k) -> unsigned char {
        return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
    };
    const unsigned char c = at(0);
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) return isContinuation(at(1)) ? 2 : 0;
    if (c < 0xF0) {
        const unsigned char c1 = at(1);
        const bool ok1 = c == 0xE0   ? (c1 >= 0xA0 && c1 <= 0xBF)
                         : c == 0xED ? (c1 >= 0x80 && c1 <= 0x9F)
                                     : isContinuation(c1);
        return ok1 && isContinuation(at(2)) ? 3 : 0;
    }
    if (c < 0xF5) {
        const unsigned char c1 = at(1);
        const bool ok1 = c == 0xF0   ? (c1 >= 0x90 && c1 <= 0xBF)
                         : c == 0xF4 ? (c1 >= 0x80 && c1 <= 0x8F)
                                     : isContinuation(c1);
        return ok1 && isContinuation(at(2)) && isContinuation(at(3)) ? 4 : 0;
    }
    return 0;
}

char32_t decode(std::string_view s, std::size_t i, std::size_t length) {
    const auto b = [&](std::size_t k) { return char32_t(static_cast<unsigned char>(s[i + k])); };
    switch (length) {
    case 2:
        return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
        return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4:
        return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default:
        return b(0);
    }
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

// Length of an HTML line break at s[i] ("<br>", "<br/>", "<br />", any case, spaces before the
// slash), or 0.
std::size_t htmlBreakLength(std::string_view s, std::size_t i) {
    if (s.size() - i < 4 || (s[i + 1] | 0x20) != 'b' || (s[i + 2] | 0x20) != 'r') return 0;
    std::size_t k = i + 3;
    while (k < s.size() && (s[k] == ' ' || s[k] == '\t'))
        ++k;
    if (k < s.size() && s[k] == '/') ++k;
    while (k < s.size() && (s[k] == ' ' || s[k] == '\t'))
        ++k;
    return k < s.size() && s[k] == '>' ? k + 1 - i : 0;
}

constexpr char32_t kReplacement = 0xFFFD;

/// The tokens of one text and the word being built (all inline: tokenize is a hot loop).
class TokenBuilder {
public:
    explicit TokenBuilder(bool keepPunctuation) : m_keepPunctuation(keepPunctuation) {}

    void append(char c) { m_word.push_back(c); }
    void append(std::string_view bytes) { m_word.append(bytes); }
    void appendCodePoint(char32_t cp) { appendUtf8(m_word, cp); }
    /// Ends the word being built, if any.
    void endWord() {
        if (!m_word.empty()) {
            m_tokens.push_back(m_word);
            m_word.clear();
        }
    }
    /// Ends the word; the mark is a token of its own with keepPunctuation.
    void punctuation(std::string_view mark) {
        endWord();
        if (m_keepPunctuation) m_tokens.push_back(mark);
    }
    TokenList finish() {
        endWord();
        return std::move(m_tokens);
    }

private:
    TokenList m_tokens;
    std::string m_word;
    bool m_keepPunctuation;
};

/// A character of two or more bytes at text[i]: a letter, digit or mark belongs to the word
/// (lower-cased if asked), punctuation and symbols are marks, anything else separates words.
/// Returns how many bytes it took.
inline std::size_t addMultiByte(TokenBuilder& out, std::string_view text, std::size_t i,
                                bool lowercase) {
    const std::size_t length = validSequenceLength(text, i);
    if (length == 0) { // not repaired: an unreadable byte separates words
        out.endWord();
        return 1;
    }
    const char32_t cp = decode(text, i, length);
    if (QChar::isLetterOrNumber(cp) || QChar::isMark(cp)) {
        const char32_t folded = lowercase ? QChar::toLower(cp) : cp;
        if (folded == cp)
            out.append(text.substr(i, length));
        else
            out.appendCodePoint(folded);
    } else if (cp != kReplacement && (QChar::isPunct(cp) || QChar::isSymbol(cp))) {
        out.punctuation(text.substr(i, length)); // dashes, curly quotes, ellipsis, €
    } else {
        out.endWord(); // no-break space, C1 controls, U+FFFD
    }
    return length;
}

} // namespace

TokenList Tokenizer::tokenize(std::string_view text) const {
    const TokenizerSettings& s = m_settings;
    TokenBuilder out(s.keepPunctuation);
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        switch (kClass[c]) {
        case kLower:
        case kDigit:
            out.append(char(c));
            ++i;
            break;
        case kUpper:
            out.append(char(s.lowercase ? c | 0x20 : c));
            ++i;
            break;
        case kApostrophe:
            if (s.keepApostrophes)
                out.append('\'');
            else
                out.punctuation(text.substr(i, 1));
            ++i;
            break;
        case kLessThan: {
            const std::size_t br = s.replaceHtmlBreaks ? htmlBreakLength(text, i) : 0;
            if (br) {
                out.endWord();
                i += br;
            } else {
                out.punctuation(text.substr(i, 1));
                ++i;
            }
            break;
        }
        case kPunct:
            out.punctuation(text.substr(i, 1));
            ++i;
            break;
        case kMultiByte:
            i += addMultiByte(out, text, i, s.lowercase);
            break;
        default:
            out.endWord();
            ++i;
            break;
        }
    }
    return out.finish();
}

std::size_t repairUtf8(std::string& text) {
    // Fast path: most reviews are pure ASCII or valid UTF-8 and are left untouched.
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        if (i + 8 <= n) {
            std::uint64_t block;
            std::memcpy(&block, text.data() + i, 8);
            if ((block & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const std::size_t length = validSequenceLength(text, i);
        if (length == 0) break;
        i += length;
    }
    if (i >= n) return 0;

    std::string out;
    out.reserve(n + 16);
    out.append(text, 0, i);
    std::size_t replaced = 0;
    while (i < n) {
        const std::size_t length = validSequenceLength(text, i);
        if (length == 0) {
            out.append("\xEF\xBF\xBD");
            ++replaced;
            ++i;
        } else {
            out.append(text, i, length);
            i += length;
        }
    }
    text.swap(out);
    return replaced;
}

} // namespace flicker
