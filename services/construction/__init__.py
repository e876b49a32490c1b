"""The construction service."""
