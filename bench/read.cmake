# Corpus loading benchmark (bench_read).
