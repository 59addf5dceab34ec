"""Provides the shipped Word templates (<kind>.docx) and their builders (build.py)."""
