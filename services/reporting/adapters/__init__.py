"""Adapters of the reporting service."""
