# Range → matching units and the comparison of two studies (issue 15 §5).
flicker_add_test(core compare LIBS flicker_core)
flicker_add_test(app compare_page LIBS flicker_app_lib LABELS gui)
