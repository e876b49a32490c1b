"""The aftercare service."""
