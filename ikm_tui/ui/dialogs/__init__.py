"""Provides modal dialogs: they collect and validate input; callers call the services."""
