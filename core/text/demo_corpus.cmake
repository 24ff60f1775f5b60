# The demo corpus generator and its embedded word lists (FLICKER_DEMO_CORPUS_DIR, set by
# resources/resources.cmake). The text files are compiled into flicker_core as string literals,
# so the demo needs no files at run time and no Qt resources; editing one of them regenerates the
# literal file and rebuilds.
set(FLICKER_DEMO_CORPUS_FILES
    sentiment.txt film.txt people.txt places.txt nouns.txt verbs.txt adjectives.txt
    topics.txt templates.txt)
set(_demo_inputs ${FLICKER_DEMO_CORPUS_FILES})
list(TRANSFORM _demo_inputs PREPEND ${FLICKER_DEMO_CORPUS_DIR}/)
# Comma-separated: a semicolon list would be split into several command arguments.
string(REPLACE ";" "," _demo_names "${FLICKER_DEMO_CORPUS_FILES}")
set(_demo_output ${CMAKE_CURRENT_BINARY_DIR}/demo_corpus_data.cpp)
add_custom_command(OUTPUT ${_demo_output}
    COMMAND ${CMAKE_COMMAND} -DINPUT_DIR=${FLICKER_DEMO_CORPUS_DIR} -DNAMES=${_demo_names}
            -DOUTPUT=${_demo_output} -P ${CMAKE_CURRENT_SOURCE_DIR}/demo_corpus_embed.cmake
    DEPENDS ${_demo_inputs} ${CMAKE_CURRENT_SOURCE_DIR}/demo_corpus_embed.cmake
    COMMENT "Embedding the demo corpus word lists"
    VERBATIM)
# flicker_core lives in core/, and a custom command's rule only reaches targets of its own
# directory: a target here runs it, and flicker_core (with its moc step) waits for that target.
add_custom_target(flicker_demo_corpus_data DEPENDS ${_demo_output})
add_dependencies(flicker_core flicker_demo_corpus_data)
set_source_files_properties(${_demo_output} TARGET_DIRECTORY flicker_core
    PROPERTIES GENERATED ON SKIP_AUTOGEN ON)
target_sources(flicker_core PRIVATE
    ${CMAKE_CURRENT_SOURCE_DIR}/demo_corpus.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/demo_lexicon.cpp
    ${_demo_output})
