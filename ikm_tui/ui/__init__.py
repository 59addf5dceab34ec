"""Provides the Textual user interface."""
