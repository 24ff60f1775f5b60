# The Debian package (CPack, DEB): what is installed besides the two programs, and the package's
# control data. Included once at the end of the top-level CMakeLists.txt; build the package with
# packaging/build-deb.sh (or `cpack -G DEB` in a build directory). The programs' own install rules
# are in app/CMakeLists.txt (flicker) and app/cli/CMakeLists.txt (flicker-cli), both to bin/.
include(GNUInstallDirs)

# qt_standard_project_setup() gives installed programs the run path $ORIGIN:$ORIGIN/../lib. Flicker
# installs no libraries of its own (core and widgets are static) and finds the system's in the
# loader's default paths, so the installed programs carry no run path (Debian policy).
set_target_properties(flicker flicker-cli PROPERTIES INSTALL_RPATH "")

# The desktop entry, its icon and the AppStream metadata. The metadata file is named after its
# component id, as AppStream requires; the desktop entry keeps the program's name (the metadata's
# <launchable> names it, and the app sets it as its desktop file name). Why this id: see the
# comment in packaging/flicker.metainfo.xml.
set(FLICKER_APPSTREAM_ID invalid.flicker.flicker)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/flicker.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${FLICKER_ICON}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/flicker.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo
        RENAME ${FLICKER_APPSTREAM_ID}.metainfo.xml)
# The shipped demo model, where the app looks for it: <bin>/../share/flicker/models/ (see
# flicker::resourceDir in app/workspace.cpp; resources/resources.cmake puts the build tree's copy
# at the same place relative to <build>/app).
install(FILES ${FLICKER_DEMO_MODEL} DESTINATION ${CMAKE_INSTALL_DATADIR}/flicker/models)
# The precomputed capacity sweep (resources/sweeps/demo-capacity) beside it, in
# <bin>/../share/flicker/sweeps/demo-capacity (flicker::shippedExampleSweepDir).
list(TRANSFORM FLICKER_EXAMPLE_SWEEP_FILES PREPEND ${FLICKER_EXAMPLE_SWEEP_DIR}/
     OUTPUT_VARIABLE _flicker_example_sweep)
install(FILES ${_flicker_example_sweep}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/flicker/sweeps/demo-capacity)

# What Debian policy asks of every package: the copyright file (machine-readable, DEP-5), the
# Debian changelog, and a manual page for every program. The changelog and the manual pages are
# compressed here, at configure time, with gzip -9n (no name, no time stamp: the same bytes on
# every build); editing one of them reconfigures. The changelog's version must be the package's
# (tests/packaging/test_deb.sh checks it): add an entry when project(VERSION) changes.
find_program(FLICKER_GZIP gzip REQUIRED)
set(_flicker_pkg_dir ${CMAKE_CURRENT_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${_flicker_pkg_dir})
function(flicker_gzip input output)
    execute_process(COMMAND ${FLICKER_GZIP} -9nc ${input} OUTPUT_FILE ${output}
                    COMMAND_ERROR_IS_FATAL ANY)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${input})
endfunction()
set(_flicker_doc_dir ${CMAKE_INSTALL_DATADIR}/doc/flicker) # the package's name, not PROJECT_NAME
install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/copyright DESTINATION ${_flicker_doc_dir})
flicker_gzip(${CMAKE_CURRENT_LIST_DIR}/debian/changelog ${_flicker_pkg_dir}/changelog.Debian.gz)
install(FILES ${_flicker_pkg_dir}/changelog.Debian.gz DESTINATION ${_flicker_doc_dir})
foreach(_page flicker flicker-cli)
    configure_file(${CMAKE_CURRENT_LIST_DIR}/man/${_page}.1.in ${_flicker_pkg_dir}/${_page}.1 @ONLY)
    flicker_gzip(${_flicker_pkg_dir}/${_page}.1 ${_flicker_pkg_dir}/${_page}.1.gz)
    install(FILES ${_flicker_pkg_dir}/${_page}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()
# What lintian may report about the package and is accepted, with the reasons: see
# packaging/debian/lintian-overrides.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME flicker)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME flicker)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Flicker developers")
set(CPACK_PACKAGE_CONTACT "Flicker developers <flicker@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# The long description, in lines short enough for the Debian control file.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Flicker trains or loads an LSTM sentiment classifier on movie reviews,"
    "records what every cell does while the network reads a review word by"
    "word, and measures how the activations fluctuate with detrended"
    "fluctuation analysis (DFA) and power spectra. The package holds the"
    "desktop application (flicker), the command-line tool (flicker-cli), a"
    "built-in demo corpus and a trained demo model.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

# The Debian revision: the package's version is <project version>-1, as in the first entry of
# packaging/debian/changelog (installed as changelog.Debian.gz, the name for a package whose
# version has a revision).
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # flicker_<version>-<revision>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
# Depends: dpkg-shlibdeps derives the libraries' packages (Qt 6 Core/Gui/Widgets/Svg, QCustomPlot,
# LibTorch, FFTW3, libarchive, libstdc++ …) from the binaries, with versions. Added by hand what
# is loaded at run time but not linked: OpenBLAS as the BLAS (LibTorch accepts any libblas.so.3;
# the reference BLAS is ten times slower) and Qt's platform plugins (xcb, offscreen), without
# which the app cannot open a window.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread, qt6-qpa-plugins")
# Sweeps on a SLURM cluster need its client tools (sbatch, squeue, scancel) on the login node.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "slurm-client")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
