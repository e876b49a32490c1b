"""Construction adapters: SQLAlchemy tables and repositories."""
