"""Provides document writers (docx, xlsx) fed with plain report data."""
