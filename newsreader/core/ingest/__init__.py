"""Turning input files into articles."""
