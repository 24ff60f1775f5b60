# Downloading the IMDb data set: the downloader and its dialog (part of flicker_app_lib).
# QtNetwork stays private: the public headers only forward-declare its classes.
find_package(Qt6 REQUIRED COMPONENTS Network)
target_sources(flicker_app_lib PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/downloader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/download_dialog.cpp
)
target_link_libraries(flicker_app_lib PRIVATE Qt6::Network)
