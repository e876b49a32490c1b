"""``python -m bench``: the benchmark suite's command line (:mod:`bench.cli`)."""

from bench.cli import main

main()
