"""Contracts domain: plain Python, no framework imports."""
