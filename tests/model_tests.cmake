# Tests of core/model, core/train, core/record.
flicker_add_test(core model LIBS flicker_core)
flicker_add_test(core study LIBS flicker_core)
