"""The document store port, its folder and MinIO adapters, and what an upload may be."""
