# Widget tests (tests/widgets).
flicker_add_test(widgets review_plots LIBS flicker_widgets LABELS gui)
flicker_add_test(widgets study_plots LIBS flicker_widgets LABELS gui)
flicker_add_test(widgets curve_plot LIBS flicker_widgets LABELS gui)
