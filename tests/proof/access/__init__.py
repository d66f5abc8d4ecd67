"""Proof tests: access."""
