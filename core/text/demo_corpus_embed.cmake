# Script mode (cmake -P): writes OUTPUT, a C++ file that holds the files NAMES (comma-separated)
# of INPUT_DIR as raw string literals, for flicker::demo::embeddedFiles() (demo_data.h).
string(REPLACE "," ";" _names "${NAMES}")
set(_delimiter "flicker_demo")
set(_entries "")
foreach(_name IN LISTS _names)
    file(READ "${INPUT_DIR}/${_name}" _text)
    string(FIND "${_text}" ")${_delimiter}\"" _clash)
    if(NOT _clash EQUAL -1)
        message(FATAL_ERROR "${INPUT_DIR}/${_name} contains ')${_delimiter}\"', which would end "
                            "its string literal; change that text.")
    endif()
    string(APPEND _entries "    {\"${_name}\", R\"${_delimiter}(${_text})${_delimiter}\"},\n")
endforeach()
set(_source "// Generated from resources/demo_corpus/ by core/text/demo_corpus_embed.cmake.
#include \"text/demo_data.h\"

namespace flicker::demo {
namespace {
const EmbeddedFile kFiles[] = {
${_entries}};
} // namespace

std::span<const EmbeddedFile> embeddedFiles() { return kFiles; }

} // namespace flicker::demo
")
file(WRITE "${OUTPUT}" "${_source}")
