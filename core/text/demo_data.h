// The demo corpus' word lists and templates (resources/demo_corpus/), compiled into the library
// by demo_corpus.cmake so that the demo needs no files at run time. Private to core/text.
#pragma once

#include <span>
#include <string_view>

namespace flicker::demo {

struct EmbeddedFile {
    std::string_view name; ///< file name in resources/demo_corpus/, e.g. "templates.txt"
    std::string_view text; ///< its whole content
};

/// All embedded files, in the order demo_corpus.cmake lists them.
std::span<const EmbeddedFile> embeddedFiles();

} // namespace flicker::demo
