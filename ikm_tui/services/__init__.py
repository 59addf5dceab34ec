"""Provides the use cases (one Service class per concern) and the `Services` container."""
