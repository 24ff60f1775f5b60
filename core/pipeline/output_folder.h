// Private to core/pipeline: the folder a workflow keeps its results in.
#pragma once

#include "error.h"

#include <filesystem>
#include <string>
#include <system_error>

namespace flicker::detail {

/// Makes `dir` with its parents when missing; throws Error(Io) naming it when it cannot.
inline void createOutputFolder(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw Error(ErrorCode::Io, dir + ": cannot create the folder (" + ec.message() + ")", dir);
}

} // namespace flicker::detail
