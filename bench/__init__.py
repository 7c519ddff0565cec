"""Benchmarks, run from the project's folder as modules (`python -m bench.soak`), so they
import the project and its test fakes as the packages they are."""
