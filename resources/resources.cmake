# resources/: the data files Flicker ships. Included by the top-level CMakeLists.txt first.
#
# The app finds its data in <directory of the executable>/../share/flicker (flicker::resourceDir
# in app/workspace.cpp): /usr/share/flicker when installed, and <build>/share/flicker for the
# programs built in <build>/app and the tests in <build>/tests. The build tree gets its copy
# here, at configure time (a changed model is copied again: configure_file reruns CMake).
set(FLICKER_BUILD_SHARE_DIR ${PROJECT_BINARY_DIR}/share/flicker)
configure_file(${CMAKE_CURRENT_LIST_DIR}/models/demo.flicker
               ${FLICKER_BUILD_SHARE_DIR}/models/demo.flicker COPYONLY)
