"""Benchmarks for nnlib and the course: `make bench` runs `benchmarks/run.py`."""
