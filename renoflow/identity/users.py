"""The embedded provider's users: credentials, organization, realm roles and the ``stores`` attribute."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import JSON, Boolean, Float, Integer, String, delete, func, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from renoflow.identity.passwords import DEFAULT_SCRYPT_N, hash_password, verify_password
from shared.errors import Conflict
from shared.persistence.db import make_engine


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    __tablename__ = "users"
    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the token's sub
    username: Mapped[str] = mapped_column(String(255), unique=True)  # globally unique, as in a realm
    password_hash: Mapped[str] = mapped_column(String(255))
    organization: Mapped[str] = mapped_column(String(64))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    stores: Mapped[list[str]] = mapped_column(JSON, default=list)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class LoginFailureRow(Base):
    """One user's run of consecutive failed logins (Keycloak's ``UserLoginFailure``), see lockout.py."""

    __tablename__ = "login_failures"
    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    num_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[float] = mapped_column(Float, default=0.0)  # epoch seconds
    locked_until: Mapped[float] = mapped_column(Float, default=0.0)


class AuthorizationCodeRow(Base):
    """An authorization code not yet exchanged (authorization.py); only its SHA-256 is kept."""

    __tablename__ = "authorization_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36))
    client_id: Mapped[str] = mapped_column(String(255))
    redirect_uri: Mapped[str] = mapped_column(String(2000))
    code_challenge: Mapped[str] = mapped_column(String(43))
    scope: Mapped[str] = mapped_column(String(255), default="")
    nonce: Mapped[str] = mapped_column(String(255), default="")
    session_id: Mapped[str] = mapped_column(String(36))
    auth_time: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float)  # epoch seconds


@dataclass(frozen=True)
class NewUser:
    """A user to create; ``username`` is unique across organizations (``designer-a@other``)."""

    username: str
    password: str
    organization: str
    roles: tuple[str, ...]
    stores: tuple[str, ...] = ()
    display_name: str = ""
    email: str = ""
    enabled: bool = True


@dataclass(frozen=True)
class IdentityUser:
    """A user as the token issuer sees it."""

    user_id: str
    username: str
    organization: str
    roles: tuple[str, ...]
    stores: tuple[str, ...]
    display_name: str
    email: str
    enabled: bool


class UserStore:
    """Users in the provider's own database (``<data_dir>/identity.db`` in embedded mode)."""

    def __init__(self, url: str, *, scrypt_n: int = DEFAULT_SCRYPT_N) -> None:
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.scrypt_n = scrypt_n
        # Verifying against this for unknown users keeps the answer time the same as for a wrong
        # password, so timing does not reveal which usernames exist.
        self._dummy_hash = hash_password("not-a-password", n=scrypt_n)

    def ensure_schema(self) -> None:
        """Create the tables when missing (``create_all`` adds a new table to an older file too)."""
        Base.metadata.create_all(self.engine)

    def add_user(self, username: str, password: str, *, organization: str, roles: list[str],
                 stores: list[str], display_name: str = "", email: str = "",
                 enabled: bool = True) -> IdentityUser:
        """Create a user with a fresh stable ``sub``; usernames are unique across organizations."""
        return self.add_users([NewUser(username, password, organization, tuple(roles), tuple(stores),
                                       display_name, email, enabled)])[0]

    def add_users(self, users: Iterable[NewUser]) -> list[IdentityUser]:
        """Create several users in one transaction: all of them or, on a taken username, none."""
        # Hash before the transaction: scrypt is slow and SQLite holds its write lock meanwhile.
        rows = [UserRow(user_id=str(uuid.uuid4()), username=u.username,
                        password_hash=hash_password(u.password, n=self.scrypt_n),
                        organization=u.organization, roles=list(u.roles), stores=list(u.stores),
                        display_name=u.display_name, email=u.email, enabled=u.enabled) for u in users]
        with self._sessions.begin() as session:
            names = [row.username for row in rows]
            taken = session.scalars(select(UserRow.username).where(UserRow.username.in_(names))).all()
            if taken or len(set(names)) != len(names):
                raise Conflict(f"username already exists: {', '.join(sorted(taken)) or 'duplicate'}")
            session.add_all(rows)
        return [_user(row) for row in rows]

    def authenticate(self, username: str, password: str) -> IdentityUser | None:
        """The user when the password matches, else None (unknown user and bad password alike)."""
        user, matches = self.check_password(username, password)
        return user if matches else None

    def check_password(self, username: str, password: str) -> tuple[IdentityUser | None, bool]:
        """The user of this name (None when unknown) and whether ``password`` is theirs.

        Costs one scrypt either way, so timing does not tell which usernames exist.
        """
        with self._sessions() as session:
            row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            verify_password(password, self._dummy_hash)
            return None, False
        return _user(row), verify_password(password, row.password_hash)

    def get(self, user_id: str) -> IdentityUser | None:
        """The user with this ``sub``, or None."""
        with self._sessions() as session:
            row = session.get(UserRow, user_id)
            return _user(row) if row is not None else None

    def of_organization(self, organization: str) -> list[IdentityUser]:
        """Every user of one organization, by username."""
        with self._sessions() as session:
            rows = session.scalars(select(UserRow).where(UserRow.organization == organization)
                                   .order_by(UserRow.username))
            return [_user(row) for row in rows]

    def find(self, organization: str, username: str) -> IdentityUser | None:
        """The organization's user of this name; None when unknown or in another organization."""
        with self._sessions() as session:
            row = session.scalar(select(UserRow).where(UserRow.username == username,
                                                       UserRow.organization == organization))
            return _user(row) if row is not None else None

    def set_enabled(self, user_id: str, enabled: bool) -> None:
        """Enable or disable a user; a disabled user gets no tokens and no refresh."""
        with self._sessions.begin() as session:
            session.execute(update(UserRow).where(UserRow.user_id == user_id).values(enabled=enabled))

    def set_password(self, user_id: str, password: str) -> None:
        """Replace a user's password hash, and forget their failed logins (the lock ends)."""
        hashed = hash_password(password, n=self.scrypt_n)
        with self._sessions.begin() as session:
            session.execute(update(UserRow).where(UserRow.user_id == user_id).values(password_hash=hashed))
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.user_id == user_id))

    def delete_organization(self, organization: str) -> int:
        """Delete every user of the organization (and their failed-login records); how many went."""
        with self._sessions.begin() as session:
            ids = list(session.scalars(select(UserRow.user_id).where(UserRow.organization == organization)))
            if ids:
                session.execute(delete(LoginFailureRow).where(LoginFailureRow.user_id.in_(ids)))
                session.execute(delete(UserRow).where(UserRow.user_id.in_(ids)))
            return len(ids)

    def count(self) -> int:
        """How many users exist (the demo seed runs only on an empty store)."""
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(UserRow)) or 0)

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()


def _user(row: UserRow) -> IdentityUser:
    return IdentityUser(user_id=row.user_id, username=row.username, organization=row.organization,
                        roles=tuple(row.roles), stores=tuple(row.stores), display_name=row.display_name,
                        email=row.email, enabled=row.enabled)
