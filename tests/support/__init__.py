"""Test helpers that stand in for things outside the process (identity providers, ...)."""
