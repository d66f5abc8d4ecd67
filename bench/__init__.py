"""Benchmarks: standalone scripts that run the portal beside a bare floor."""
