"""Notifications adapters: SQLAlchemy tables and repositories, and the delivery channels (SMTP)."""
