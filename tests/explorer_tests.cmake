# Explorer page tests (tests/app).
flicker_add_test(app explorer LIBS flicker_app_lib LABELS gui)
flicker_add_test(app training LIBS flicker_app_lib LABELS gui)
flicker_add_test(app sweep_page LIBS flicker_app_lib LABELS gui)
flicker_add_test(app main_window LIBS flicker_app_lib LABELS gui)
flicker_add_test(app session LIBS flicker_app_lib LABELS gui)
flicker_add_test(app play LIBS flicker_app_lib LABELS gui)
flicker_add_test(app job_runner LIBS flicker_app_lib)
flicker_add_test(app app_theme LIBS flicker_app_lib LABELS gui)
