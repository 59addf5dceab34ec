"""Provides the demo office's data files (read with importlib.resources as ikm_tui.sample_data)."""
