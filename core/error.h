// The one error type of Flicker's core: a machine-readable code plus a message for a person
// that names what was wrong (file, line, field, index) and how to fix it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace flicker {

enum class ErrorCode {
    InvalidArgument, ///< a setting is out of range (e.g. DFA order 4, a scale larger than N)
    TooShort,        ///< a series is too short for the requested analysis
    NonFinite,       ///< NaN or infinity in the data; the message names the index
    EmptyInput,      ///< an empty file or series
    ParseError,      ///< text that is not what was expected; the message names line and column
    Io,              ///< a file could not be read or written
    Cancelled,       ///< the user cancelled a long job
    Internal,        ///< a bug: please report it
};

/// Short English name of a code, e.g. "non-finite value".
const char* errorCodeName(ErrorCode code);

/// Text from an input, made safe to show in a message: between two `mark`s, at most `maxChars`
/// characters (longer text is cut, saying how long it was), control characters and bytes that are
/// not UTF-8 escaped (\n, \t, \0, \x1b …), so that a field can neither flood a terminal, change its
/// title, nor cut the message at a NUL.
std::string quoteInput(std::string_view text, std::size_t maxChars = 80, char mark = '\'');

class Error : public std::runtime_error {
public:
    Error(ErrorCode code, std::string message, std::string context = {})
        : std::runtime_error(std::move(message)), m_code(code), m_context(std::move(context)) {}

    ErrorCode code() const noexcept { return m_code; }
    /// Where it happened (a file name, a field), may be empty.
    const std::string& context() const noexcept { return m_context; }

private:
    ErrorCode m_code;
    std::string m_context;
};

} // namespace flicker
