# Figures across reviews: histograms, scatter, box plots (see widgets/CMakeLists.txt).
