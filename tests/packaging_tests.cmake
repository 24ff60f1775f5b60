# The Debian package (label packaging): tests/packaging/test_deb.sh runs cpack into a temporary
# directory, checks the control data, unpacks the package with dpkg -x and runs what is inside.
# It packages the programs as they are built and builds nothing itself, so it needs a built tree
# (packaging/test.sh builds everything before ctest runs).
find_program(FLICKER_DPKG_DEB dpkg-deb)
if(FLICKER_DPKG_DEB)
    add_test(NAME packaging_deb
        COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/packaging/test_deb.sh
            --build-dir ${CMAKE_BINARY_DIR} --source-dir ${PROJECT_SOURCE_DIR}
            --version ${PROJECT_VERSION} --cpack ${CMAKE_CPACK_COMMAND}
            --binary $<TARGET_FILE:flicker> --binary $<TARGET_FILE:flicker-cli>)
    set_tests_properties(packaging_deb PROPERTIES LABELS packaging TIMEOUT 300)
else()
    message(STATUS "dpkg-deb not found: the Debian package test (label packaging) is not registered")
endif()
