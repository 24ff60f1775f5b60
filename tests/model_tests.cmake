# Tests of core/model, core/train, core/record, core/study and core/pipeline.
# TorchScript files for the import tests are written by the tests themselves (with LibTorch,
# in a file of its own: LibTorch and Qt headers never meet in one source).
add_library(flicker_test_torch STATIC support/torchscript_writer.cpp)
target_include_directories(flicker_test_torch PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(flicker_test_torch PRIVATE ${TORCH_LIBRARIES} flicker_warnings)

flicker_add_test(core model LIBS flicker_core flicker_test_torch)
flicker_add_test(core study LIBS flicker_core)
flicker_add_test(core reproduce LIBS flicker_core)
# The fused LSTM layer against torch::nn::LSTM: the comparison includes LibTorch, in a source
# of its own beside the Qt test.
flicker_add_test(core fused_lstm LIBS flicker_core ${TORCH_LIBRARIES}
    SOURCES support/fused_lstm_check.cpp)
