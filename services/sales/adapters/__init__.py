"""Sales adapters: SQLAlchemy tables and repositories."""
