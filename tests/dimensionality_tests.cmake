# Tests of core/dimensionality (the dimensionality lab), its CLI command and its page.
flicker_add_test(core participation_ratio LIBS flicker_core)
flicker_add_test(core dimensionality_measures LIBS flicker_core)
flicker_add_test(core dimensionality LIBS flicker_core)
