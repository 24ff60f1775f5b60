# Tests of core/dimensionality (the dimensionality lab), its CLI command and its page.
flicker_add_test(core participation_ratio LIBS flicker_core)
flicker_add_test(core dimensionality_measures LIBS flicker_core)
flicker_add_test(core dimensionality LIBS flicker_core)
flicker_add_test(app dimensionality_cli LIBS Qt6::Core)
add_dependencies(tst_dimensionality_cli flicker-cli)
target_compile_definitions(tst_dimensionality_cli PRIVATE FLICKER_CLI_PATH="$<TARGET_FILE:flicker-cli>")
flicker_add_test(app dimensionality_page LIBS flicker_app_lib LABELS gui)
