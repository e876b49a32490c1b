"""Tenant administration: one port to the identity provider, the directory, and the use cases over both."""
