"""Proof tests: stack."""
