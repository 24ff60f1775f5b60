// Checks made before long work writes its results: the place exists (or is made), can be
// written, is what it should be (a file or a folder), and is not one of the inputs. Work that
// would only fail at its end (a training run of an hour, a whole study) fails at its start.
#pragma once

#include <string>
#include <vector>

namespace flicker {

/// `path` is to be written as a file (whole, replacing what is there): its folder must exist
/// and accept a new file, `path` must not be a folder, and it must not be the same file as any
/// of `inputs` (paths that do not exist are ignored). Throws Error(Io) for a place that cannot
/// be written and Error(InvalidArgument) for an output that is an input, naming the path and
/// what to do.
void checkOutputFile(const std::string& path, const std::vector<std::string>& inputs = {});

/// `dir` is to hold results: made with its parents when missing; it must be a folder that
/// accepts new files, and must not be one of `inputs` (the data set's own folder, say).
/// Throws Error(Io) / Error(InvalidArgument) naming it.
void prepareOutputFolder(const std::string& dir, const std::vector<std::string>& inputs = {});

} // namespace flicker
