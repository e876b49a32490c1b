"""The embedded identity provider: a stand-in for Keycloak 26 speaking its paths and token shape."""
