# Figures of one review: heatmap, traces, fluctuation curves (see widgets/CMakeLists.txt).
target_sources(flicker_widgets PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/review_plot_support.cpp
    ${CMAKE_CURRENT_LIST_DIR}/step_plot.cpp
    ${CMAKE_CURRENT_LIST_DIR}/heatmap_plot.cpp
    ${CMAKE_CURRENT_LIST_DIR}/traces_plot.cpp)
