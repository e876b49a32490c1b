"""The sales service."""
