"""Readers for parts of input files that need their own safety rules (front matter)."""
