// What every harness shares: inputs handed to readers that take a path (a file in a private
// temporary folder, rewritten for each input), and the rule that a reader may refuse an input
// only with flicker::Error, whose message stays short and printable. Anything else — another
// exception, a crash, a leak, undefined behaviour, an allocation past libFuzzer's limit — is
// a finding.
#pragma once

#include "error.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace flicker::fuzz {

/// A folder of this process' own under $TMPDIR (or /tmp), removed at exit.
inline const std::filesystem::path& scratchFolder() {
    static const std::filesystem::path folder = [] {
        const char* base = std::getenv("TMPDIR");
        std::filesystem::path p = std::filesystem::path(base && *base ? base : "/tmp") /
                                  ("flicker-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(p);
        std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(scratchFolder(), ignored);
        });
        return p;
    }();
    return folder;
}

/// Writes `data` to scratchFolder()/`name` (replacing it) and returns the path.
inline std::string writeInput(const std::uint8_t* data, std::size_t size, const std::string& name) {
    const std::filesystem::path path = scratchFolder() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    out.close();
    if (!out) {
        std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
    return path.string();
}

/// Stops the run (a finding) when `holds` is false.
inline void require(bool holds, const char* what) {
    if (!holds) {
        std::fprintf(stderr, "fuzz: property violated: %s\n", what);
        std::abort();
    }
}

/// A refusal must say what was wrong in a message a terminal can show: not empty, at most a
/// few kilobytes however long the input's fields, no escape sequences or NUL bytes.
inline void checkMessage(const flicker::Error& error) {
    const std::string_view message = error.what();
    require(!message.empty(), "an error without a message");
    require(message.size() <= 4096, "an error message longer than 4 KB (an input echoed whole?)");
    for (const char c : message)
        require(c != '\x1b' && c != '\0' && c != '\r', "a control character in an error message");
}

/// Runs `read`; a flicker::Error is a proper refusal (its message checked), anything else
/// propagates and stops the fuzzer. Returns whether `read` accepted the input.
template <class Read> bool accepts(Read&& read) {
    try {
        read();
        return true;
    } catch (const flicker::Error& error) {
        checkMessage(error);
        return false;
    }
}

} // namespace flicker::fuzz
