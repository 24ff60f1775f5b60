# Figures of the dimensionality lab (see widgets/CMakeLists.txt).
target_sources(flicker_widgets PRIVATE ${CMAKE_CURRENT_LIST_DIR}/dimensionality_plots.cpp)
