"""Provides `python -m ikm_tui`."""

from ikm_tui.cli import main

raise SystemExit(main())
