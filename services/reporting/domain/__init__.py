"""Reporting's domain: figures, periods and who may read them; plain Python."""
