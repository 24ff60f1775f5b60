# Tests of the sparsity lab (core/sparsity): the IDX reader and the network, its measures and
# its sweep. They write their own small IDX files and images; the Debian data set is not needed.
flicker_add_test(core idx LIBS flicker_core Qt6::Core LibArchive::LibArchive)
flicker_add_test(core sparsity LIBS flicker_core Qt6::Core)
