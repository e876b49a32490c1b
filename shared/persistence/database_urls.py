"""SQLAlchemy URLs of the per-service PostgreSQL databases (no driver loaded, no settings imported)."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url


def role_url(server_url: str, database: str, role: str, password: str = "") -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://``) to ``database`` as ``role``.

    Host, port and query options (``sslmode`` …) come from ``server_url``; an empty password
    leaves it out, for trust or peer authentication.
    """
    server = make_url(server_url)
    # URL.create, not URL.set: set(password=None) would keep the administrator's password.
    url = URL.create("postgresql+psycopg", username=role, password=password or None, host=server.host,
                     port=server.port, database=database, query=server.query)
    return url.render_as_string(hide_password=False)
