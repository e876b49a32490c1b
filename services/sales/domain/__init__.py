"""Sales domain: plain Python, no framework imports."""
