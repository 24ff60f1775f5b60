# Tests of the demo corpus generator.
flicker_add_test(core demo_corpus LIBS flicker_core)
