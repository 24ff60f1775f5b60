// The one error type of Flicker's core: a machine-readable code plus a message for a person
// that names what was wrong (file, line, field, index) and how to fix it.
#pragma once

#include <stdexcept>
#include <string>

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
