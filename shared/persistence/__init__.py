"""Databases, units of work, outbox/inbox tables, repositories, row-level security, migrations."""
