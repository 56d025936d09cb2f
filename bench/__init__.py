"""Benchmarks at national scale: see README.md in this folder."""
