"""Provides the pure-Python core: regimes, scoring, sampling, profile codes and the SOP.

Nothing in this package imports Textual, peewee, pandas or python-docx (checked by a test
and by import-linter).
"""
