# resources/: the data files Flicker ships, each named here once for the modules that use them
# (no module reaches into this folder by path). Included by the top-level CMakeLists.txt first.
#   FLICKER_DEMO_CORPUS_DIR  the demo corpus' word lists, embedded into flicker_core (core/text)
#   FLICKER_DEMO_MODEL       the shipped demo model (installed by packaging/package.cmake)
#   FLICKER_EXAMPLE_SWEEP_DIR the precomputed capacity sweep the sweep page and classroom show
#                            (sweep.json, sweep.csv, example.json, README.md; installed by package.cmake)
#   FLICKER_ICON             the application icon (installed by packaging/package.cmake)
set(FLICKER_DEMO_CORPUS_DIR ${CMAKE_CURRENT_LIST_DIR}/demo_corpus)
set(FLICKER_DEMO_MODEL ${CMAKE_CURRENT_LIST_DIR}/models/demo.flicker)
set(FLICKER_EXAMPLE_SWEEP_DIR ${CMAKE_CURRENT_LIST_DIR}/sweeps/demo-capacity)
set(FLICKER_EXAMPLE_SWEEP_FILES sweep.json sweep.csv example.json README.md)
set(FLICKER_ICON ${CMAKE_CURRENT_LIST_DIR}/icons/flicker.svg)

# The app finds its data in <directory of the executable>/../share/flicker (flicker::resourceDir
# in app/workspace.cpp): /usr/share/flicker when installed, and <build>/share/flicker for the
# programs built in <build>/app and the tests in <build>/tests. The build tree gets its copy
# here, at configure time (a changed model or sweep is copied again: configure_file reruns CMake).
set(FLICKER_BUILD_SHARE_DIR ${PROJECT_BINARY_DIR}/share/flicker)
configure_file(${FLICKER_DEMO_MODEL} ${FLICKER_BUILD_SHARE_DIR}/models/demo.flicker COPYONLY)
foreach(_file ${FLICKER_EXAMPLE_SWEEP_FILES})
    configure_file(${FLICKER_EXAMPLE_SWEEP_DIR}/${_file}
                   ${FLICKER_BUILD_SHARE_DIR}/sweeps/demo-capacity/${_file} COPYONLY)
endforeach()
