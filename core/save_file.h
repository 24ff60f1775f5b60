// Writing results whole or not at all: one file (a temporary file renamed over the old one), or
// the files of one result together (its tables and the file that marks it complete).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flicker {

/// Writes `bytes` to `path` through a temporary file in the same folder that replaces `path`
/// only once all of it is on disk. Throws Error(Io) naming `path` and the system's reason
/// ("No space left on device"); any earlier file of that name is then unchanged.
void saveFileWhole(const std::string& path, std::string_view bytes);

/// Writes the files of one result into `dir` together. The last of `files` (name, contents) is
/// the marker that says the result is complete (a study's study.json). Every file is first
/// written whole to an unnamed temporary file, so a full disk throws Error(Io) naming the file
/// with nothing changed in `dir`. Only then is the old marker removed, the other files put in
/// place and the marker last: a kill at any moment leaves the earlier result, or the new one,
/// or no marker (not a result) — never a marker beside the tables of another run. For two files
/// or more (the marker is removed before the new one is in place); one file: saveFileWhole.
void saveFilesTogether(const std::string& dir,
                       const std::vector<std::pair<std::string, std::string>>& files);

} // namespace flicker
