# Sweeps beyond one machine (core/pipeline: plan, claims, SLURM). tst_point_claim runs anywhere;
# tst_cluster_sweep starts a real single-node SLURM in a temporary folder
# (tests/support/slurm-cluster.sh; Debian's munge, slurmctld, slurmd and slurm-client, listed in
# packaging/debian-packages.txt) and submits to it. Label "slurm": `ctest -L slurm` runs it alone.
flicker_add_test(core point_claim LIBS flicker_core Qt6::Core)
flicker_add_test(app cluster_sweep LIBS Qt6::Core LABELS slurm TIMEOUT 1200)
add_dependencies(tst_cluster_sweep flicker-cli)
target_compile_definitions(tst_cluster_sweep PRIVATE
    FLICKER_CLI_PATH="$<TARGET_FILE:flicker-cli>"
    FLICKER_SLURM_FIXTURE="${CMAKE_CURRENT_SOURCE_DIR}/support/slurm-cluster.sh")
# The capacity sweep page submitting to and following the same kind of cluster (offscreen).
flicker_add_test(app sweep_cluster_page LIBS flicker_app_lib LABELS "gui;slurm" TIMEOUT 1200)
add_dependencies(tst_sweep_cluster_page flicker-cli)
target_compile_definitions(tst_sweep_cluster_page PRIVATE
    FLICKER_SLURM_FIXTURE="${CMAKE_CURRENT_SOURCE_DIR}/support/slurm-cluster.sh")
