"""Proof tests: data."""
