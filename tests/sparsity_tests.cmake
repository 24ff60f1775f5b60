# Tests of the sparsity lab (core/sparsity): the IDX reader and the network, its measures and
# its sweep. They write their own small IDX files and images; the Debian data set is not needed.
flicker_add_test(core idx LIBS flicker_core Qt6::Core LibArchive::LibArchive)
flicker_add_test(core sparsity LIBS flicker_core Qt6::Core)
# flicker-cli sparsity end to end (its own executable, beside tst_cli).
flicker_add_test(app cli_sparsity LIBS flicker_core Qt6::Gui)
add_dependencies(tst_cli_sparsity flicker-cli)
target_compile_definitions(tst_cli_sparsity PRIVATE FLICKER_CLI_PATH="$<TARGET_FILE:flicker-cli>")
# The Sparsity page (offscreen): a tiny sweep, cancel and resume, sessions, figures.
flicker_add_test(app sparsity_page LIBS flicker_app_lib LABELS gui)
