# Figures of one review: heatmap, traces, fluctuation curves (see widgets/CMakeLists.txt).
