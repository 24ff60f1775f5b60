# Environment for running Flicker built with FLICKER_SANITIZE=ON (sourced by test.sh --sanitize;
# source it yourself to run the sanitized app or a single test). Every finding stops the program
# with a non-zero exit, so a test with a memory error or undefined behaviour fails.
sanitizer_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/sanitizer
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=0:check_initialization_order=1:strict_init_order=1:allocator_may_return_null=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$sanitizer_dir/ubsan.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$sanitizer_dir/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
unset sanitizer_dir
