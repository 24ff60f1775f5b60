# core/io: checking and unpacking the downloaded IMDb archive (libarchive, private to core).
target_sources(flicker_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/archive_extract.cpp)
