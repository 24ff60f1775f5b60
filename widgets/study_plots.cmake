# Figures across reviews: histograms, scatter, box plots (see widgets/CMakeLists.txt).
target_sources(flicker_widgets PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/histogram_plot.cpp
    ${CMAKE_CURRENT_LIST_DIR}/scatter_plot.cpp
    ${CMAKE_CURRENT_LIST_DIR}/box_plot.cpp
    ${CMAKE_CURRENT_LIST_DIR}/study_plot_support.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sweep_plot.cpp
    ${CMAKE_CURRENT_LIST_DIR}/curve_plot.cpp)
