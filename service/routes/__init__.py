"""Routers of the REST API, grouped by concern."""
