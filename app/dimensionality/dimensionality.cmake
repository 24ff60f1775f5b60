# The dimensionality lab's page (part of flicker_app_lib).
target_sources(flicker_app_lib PRIVATE ${CMAKE_CURRENT_LIST_DIR}/dimensionality_page.cpp)
