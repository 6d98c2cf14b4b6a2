"""Benchmarks: synthetic ledgers from one county to a whole province, import and query timing."""
