"""Finance adapters: SQLAlchemy tables and repositories."""
