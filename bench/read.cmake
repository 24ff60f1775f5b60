# Corpus loading benchmark (bench_read).
add_executable(bench_read ${CMAKE_CURRENT_LIST_DIR}/bench_read.cpp)
target_link_libraries(bench_read PRIVATE flicker_core flicker_warnings)
