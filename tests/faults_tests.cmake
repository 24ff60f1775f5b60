# Fault injection (issue 17 §4), label "faults" (`ctest -L faults` runs them alone):
# tst_faults kills flicker-cli (training, a study, a sweep, a noise sweep, the sparsity lab's
# sweep) and a session save with SIGKILL at seeded random moments and fills a disk under
# checkpoint, study and sweep writes (a small tmpfs as root; otherwise, or with
# FLICKER_FAULTS_FSIZE=1, a file-size limit); tst_session_faults opens sessions whose data set or
# model has been moved or deleted.
add_executable(session_writer support/session_writer.cpp)
target_link_libraries(session_writer PRIVATE flicker_app_lib flicker_warnings)
# 120 kills of real runs: about 3–4 minutes in the Release build on a busy 2-core machine, several
# times that under the sanitizers, so it gets more than ctest's usual 600 s.
flicker_add_test(app faults LIBS flicker_core Qt6::Core LABELS faults TIMEOUT 1800)
add_dependencies(tst_faults flicker-cli session_writer)
target_compile_definitions(tst_faults PRIVATE
    FLICKER_CLI_PATH="$<TARGET_FILE:flicker-cli>"
    FLICKER_SESSION_WRITER_PATH="$<TARGET_FILE:session_writer>")
flicker_add_test(app session_faults LIBS flicker_app_lib LABELS "gui;faults")
