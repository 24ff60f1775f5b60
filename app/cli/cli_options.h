// Command-line option parsing shared by flicker-cli's commands: --name VALUE, --name=VALUE and
// --flag after positional arguments; numbers parsed strictly; every user error through fail().
#pragma once

#include "cli_commands.h"
#include "error.h"
#include "signal/dfa.h"

#include <charconv>
#include <cstdint>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace flicker::cli {

// Options of the form --name VALUE or --flag, after positional arguments.
struct Options {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    std::set<std::string> flags;
};

inline Options parseOptions(const std::vector<std::string>& args,
                            const std::set<std::string>& valued,
                            const std::set<std::string>& flags) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() > 2 && a.starts_with("--")) {
            std::string name = a.substr(2), value;
            const auto eq = name.find('=');
            const bool inlineValue = eq != std::string::npos;
            if (inlineValue) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (flags.count(name) && !inlineValue) {
                o.flags.insert(name);
            } else if (valued.count(name)) {
                if (!inlineValue) {
                    if (i + 1 >= args.size())
                        throw Error(ErrorCode::InvalidArgument,
                                    "option --" + name + " needs a value");
                    value = args[++i];
                }
                o.values[name] = value;
            } else {
                throw Error(ErrorCode::InvalidArgument,
                            "unknown option " + quoteInput("--" + name));
            }
        } else {
            o.positional.push_back(a);
        }
    }
    return o;
}

template <class T> T parseValue(const std::string& name, const std::string& text) {
    T value{};
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size())
        throw Error(ErrorCode::InvalidArgument,
                    "option --" + name + ": " + quoteInput(text) + " is not a valid number", name);
    return value;
}

/// --method: "udfa" or "dfa" (the names of core's dfaMethodName).
inline DfaMethod parseDfaMethod(const std::string& text) {
    const auto m = dfaMethodFromName(text);
    if (!m)
        throw Error(ErrorCode::InvalidArgument,
                    "--method must be udfa or dfa, not " + quoteInput(text));
    return *m;
}

inline std::vector<int> parseIntList(const std::string& name, const std::string& text);

/// --seeds 1,2,3: non-negative integers.
inline std::vector<std::uint64_t> parseSeedList(const std::string& text);

inline std::vector<int> parseIntList(const std::string& name, const std::string& text) {
    std::vector<int> scales;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        scales.push_back(parseValue<int>(name, text.substr(start, end - start)));
        start = end + 1;
    }
    return scales;
}

inline int fail(std::ostream& err, const Error& e) {
    err << "flicker-cli: error: " << e.what() << "\n";
    return e.code() == ErrorCode::Internal ? kExitFailure : kExitBadInput;
}

/// The value of --name, or `fallback` when the option was not given.
inline std::string valueOr(const Options& o, const std::string& name, const std::string& fallback) {
    const auto it = o.values.find(name);
    return it == o.values.end() ? fallback : it->second;
}

inline std::vector<std::uint64_t> parseSeedList(const std::string& text) {
    std::vector<std::uint64_t> seeds;
    for (int v : parseIntList("seeds", text)) {
        if (v < 0) throw Error(ErrorCode::InvalidArgument, "--seeds must be non-negative");
        seeds.push_back(std::uint64_t(v));
    }
    return seeds;
}

} // namespace flicker::cli
