"""Backups of distributed mode: every database (the gateway's included) and the documents.

A backup is a directory::

    manifest.json                     what is in it, with a SHA-256 and the size of every file
    databases/<database>.dump         pg_dump's custom format, one per database
    documents/<bucket or service>/…   the documents, one file per object

The manifest is written last, and the directory is first filled under ``<name>.partial`` and
renamed at the end, so a directory with a manifest is a complete backup. A restore checks every
checksum before it touches anything. How to run both, and how to test a restore:
``docs/backups.md``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.engine import make_url

from shared.clock import utcnow
from shared.settings import Settings

FORMAT = "renoflow-backup/1"
#: On restore, events published this long before the backup began are sent again (see restore).
REPLAY_WINDOW = timedelta(hours=1)
MANIFEST = "manifest.json"
#: The database pg_restore connects to while it creates the restored ones.
MAINTENANCE_DATABASE = "postgres"


class BackupError(RuntimeError):
    """A backup or restore that cannot go on; nothing further was changed."""


@dataclass
class Entry:
    """One file of a backup, as the manifest lists it."""

    path: str
    sha256: str
    bytes: int
    database: str | None = None
    service: str | None = None
    #: An object's content type and user metadata (``sha256``), put back with it on restore.
    content_type: str | None = None
    metadata: dict[str, str] | None = None

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass
class Manifest:
    """What a backup holds."""

    created_at: str
    databases: list[Entry] = field(default_factory=list)
    documents_backend: str = "folder"
    documents: list[Entry] = field(default_factory=list)
    server_version: str = ""
    #: The built-in identity provider's users and signing key, when it (not Keycloak) serves logins.
    identity: list[Entry] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "created_at": self.created_at, "server_version": self.server_version,
                "databases": [e.as_json() for e in self.databases],
                "documents": {"backend": self.documents_backend, "files": [e.as_json() for e in self.documents]},
                "identity": [e.as_json() for e in self.identity]}

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        if not path.is_file():
            raise BackupError(f"{directory} holds no {MANIFEST}: not a backup, or an unfinished one")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise BackupError(f"{path}: format {data.get('format')!r}, expected {FORMAT!r}")
        return cls(created_at=data["created_at"], server_version=data.get("server_version", ""),
                   databases=[Entry(**e) for e in data["databases"]],
                   documents_backend=data["documents"]["backend"],
                   documents=[Entry(**e) for e in data["documents"]["files"]],
                   identity=[Entry(**e) for e in data.get("identity", [])])


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(root: Path, path: Path, **extra: Any) -> Entry:
    return Entry(path=path.relative_to(root).as_posix(), sha256=sha256_of(path), bytes=path.stat().st_size, **extra)


# --- PostgreSQL -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PgServer:
    """How pg_dump, pg_restore and psql reach the server.

    Locally: libpq variables (the password in ``PGPASSWORD``, never in argv). Or through
    ``exec_prefix``, a command that runs them elsewhere (``docker compose exec -T postgres``):
    then the server's own binaries run, of its own version, and the archives travel over
    stdin and stdout.
    """

    host: str
    port: int
    user: str
    password: str | None
    bin_dir: Path | None = None
    exec_prefix: tuple[str, ...] = ()

    @classmethod
    def from_url(cls, url: str, bin_dir: Path | None = None, exec_prefix: Sequence[str] = ()) -> PgServer:
        parsed = make_url(url)
        return cls(host=parsed.host or "127.0.0.1", port=parsed.port or 5432, user=parsed.username or "postgres",
                   password=parsed.password, bin_dir=bin_dir, exec_prefix=tuple(exec_prefix))

    def env(self) -> dict[str, str]:
        env = {**os.environ, "PGHOST": self.host, "PGPORT": str(self.port), "PGUSER": self.user}
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def command(self, name: str, *args: str) -> list[str]:
        """The argv that runs PostgreSQL's tool ``name`` with ``args``."""
        if self.exec_prefix:
            return [*self.exec_prefix, name, "--username", self.user, *args]
        found = str(self.bin_dir / name) if self.bin_dir else shutil.which(name)
        if not found:
            raise BackupError(f"{name} not found: install PostgreSQL's client tools (the server's major "
                              "version or newer), pass --pg-bin, or run them in the server's container "
                              "with --pg-exec")
        return [found, *args]

    def run(self, argv: list[str], *, stdin: Path | None = None, stdout: Path | None = None) -> str:
        """Run ``argv``; with ``stdout`` its output goes to that file (an archive), else it is returned."""
        with (stdin.open("rb") if stdin else open(os.devnull, "rb")) as given, \
                (stdout.open("wb") if stdout else open(os.devnull, "wb")) as written:
            result = subprocess.run(argv, env=self.env(), stdin=given,
                                    stdout=written if stdout else subprocess.PIPE, stderr=subprocess.PIPE,
                                    check=False)
        if result.returncode != 0:
            said = result.stderr.decode(errors="replace").strip()
            raise BackupError(f"{Path(argv[0]).name} {' '.join(argv[1:2])} failed: {said}")
        return "" if stdout else result.stdout.decode()

    def psql(self, statement: str, database: str = MAINTENANCE_DATABASE) -> str:
        return self.run(self.command("psql", "--no-psqlrc", "--set", "ON_ERROR_STOP=1", "--tuples-only",
                                     "--no-align", "--dbname", database, "--command", statement))

    def dump(self, database: str, target: Path) -> None:
        """One database in pg_dump's custom format (compressed; pg_restore reads it selectively)."""
        self.run(self.command("pg_dump", "--format=custom", "--dbname", database), stdout=target)

    def restore(self, archive: Path) -> None:
        """Recreate the archive's database (``--create``: its owner and CONNECT grants come too)."""
        self.run(self.command("pg_restore", "--create", "--exit-on-error", "--dbname", MAINTENANCE_DATABASE),
                 stdin=archive)

    def existing(self, names: Iterable[str]) -> list[str]:
        rows = self.psql("SELECT datname FROM pg_database").split()
        return [n for n in names if n in rows]


def databases_of(settings: Settings, services: Sequence[str]) -> list[tuple[str, str]]:
    """(service, database name) of every database a backup takes."""
    return [(service, settings.database_name(service)) for service in services]


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- documents --------------------------------------------------------------------------------


class ObjectStore(Protocol):
    """The subset of the MinIO client a backup and a restore use."""

    def list_buckets(self) -> Any: ...
    def list_objects(self, bucket_name: str, prefix: str | None = None, recursive: bool = False) -> Any: ...
    def fget_object(self, bucket_name: str, object_name: str, file_path: str) -> Any: ...
    def bucket_exists(self, bucket_name: str) -> bool: ...
    def make_bucket(self, bucket_name: str, location: str | None = None, object_lock: bool = False) -> Any: ...
    def set_bucket_versioning(self, bucket_name: str, config: Any) -> Any: ...
    def stat_object(self, bucket_name: str, object_name: str) -> Any: ...
    def fput_object(self, bucket_name: str, object_name: str, file_path: str,
                    content_type: str = "application/octet-stream", metadata: Any = None) -> Any: ...


def _minio_client(settings: Settings) -> ObjectStore:
    from minio import Minio

    return Minio(settings.minio_endpoint, access_key=settings.minio_access_key,  # type: ignore[return-value]
                 secret_key=settings.minio_secret_key, secure=settings.minio_secure, region=settings.minio_region)


def _backup_objects(client: ObjectStore, prefix: str, target: Path) -> dict[Path, dict[str, Any]]:
    """The current version of every object of every ``<prefix>*`` bucket, under ``target/<bucket>/``;
    returns each file's content type and user metadata."""
    described: dict[Path, dict[str, Any]] = {}
    for bucket in client.list_buckets():
        if not bucket.name.startswith(prefix):
            continue
        for obj in client.list_objects(bucket.name, recursive=True):
            name = obj.object_name or ""
            if not name or name.endswith("/"):
                continue
            destination = target / bucket.name / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            client.fget_object(bucket.name, name, str(destination))
            stat = client.stat_object(bucket.name, name)
            metadata = {k.lower().removeprefix("x-amz-meta-"): str(v) for k, v in (stat.metadata or {}).items()
                        if k.lower().startswith("x-amz-meta-")}
            described[destination] = {"content_type": stat.content_type, "metadata": metadata or None}
    return described


def _restore_objects(client: ObjectStore, source: Path, entries: Iterable[Entry], *, object_lock: bool) -> int:
    """Put back every object missing from its bucket; objects already there are left as they are
    (documents are write-once, P02: a key that exists holds the same document)."""
    from minio.commonconfig import ENABLED
    from minio.error import S3Error
    from minio.versioningconfig import VersioningConfig

    restored, ready = 0, set()
    for entry in entries:
        bucket, _, name = entry.path.removeprefix("documents/").partition("/")
        if bucket not in ready:
            if not client.bucket_exists(bucket):
                client.make_bucket(bucket, object_lock=object_lock)
            client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
            ready.add(bucket)
        try:
            client.stat_object(bucket, name)
            continue
        except S3Error as exc:
            if exc.code not in ("NoSuchKey", "NoSuchObject", "ResourceNotFound"):
                raise
        client.fput_object(bucket, name, str(source / entry.path),
                           content_type=entry.content_type or "application/octet-stream", metadata=entry.metadata)
        restored += 1
    return restored


# --- the built-in identity provider ------------------------------------------------------------

IDENTITY_DB = "identity.db"
IDENTITY_KEYS = "identity"


def _backup_identity(data_dir: Path, target: Path) -> bool:
    """Copy the built-in provider's users (an online SQLite backup) and signing key, if it has any.

    Without Keycloak the distributed gateway serves logins itself from ``<data_dir>/identity.db``
    and ``<data_dir>/identity/``; with Keycloak they do not exist and nothing is copied.
    """
    import sqlite3

    users = data_dir / IDENTITY_DB
    if not users.is_file():
        return False
    target.mkdir(mode=0o700)
    with sqlite3.connect(users) as live, sqlite3.connect(target / IDENTITY_DB) as copy:
        live.backup(copy)  # consistent while the gateway keeps writing (WAL)
    live.close()
    copy.close()
    keys = data_dir / IDENTITY_KEYS
    if keys.is_dir():
        shutil.copytree(keys, target / IDENTITY_KEYS)
    return True


# --- backup and restore -----------------------------------------------------------------------


@dataclass
class BackupReport:
    """What a backup or restore did, for the command line to show."""

    directory: Path
    databases: list[str]
    documents: int
    #: Events put back in line for their relay, per database (restore only).
    replayed: dict[str, int] = field(default_factory=dict)


def backup(settings: Settings, target: Path, services: Sequence[str], *, server_url: str | None = None,
           pg_bin: Path | None = None, pg_exec: Sequence[str] = (), client: ObjectStore | None = None,
           ) -> BackupReport:
    """Dump every database of ``services`` and copy the documents into the new directory ``target``.

    ``server_url`` is a superuser's (or a ``BYPASSRLS`` role's) URL: the tables force row-level
    security, which stops pg_dump for any other role. Each dump is consistent in itself; the
    databases are dumped one after another (docs/backups.md: what that means on restore).
    """
    if settings.mode != "distributed" or not (server_url or settings.database_url):
        raise BackupError("renoflow backup takes distributed mode's PostgreSQL databases; for embedded mode "
                          "see docs/configuration.md (Backups)")
    server = PgServer.from_url(server_url or settings.database_url or "", pg_bin, pg_exec)
    target = target.resolve()
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} exists and is not empty: a backup goes into a new directory")
    partial = target.with_name(target.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.parent.mkdir(parents=True, exist_ok=True)
    # Private from the first byte: the dumps hold every tenant's data (and password hashes).
    partial.mkdir(mode=0o700)
    try:
        (partial / "databases").mkdir()
        manifest = Manifest(created_at=utcnow().isoformat(),
                            server_version=server.psql("SHOW server_version").strip())
        wanted = databases_of(settings, services)
        missing = sorted(set(n for _s, n in wanted) - set(server.existing(n for _s, n in wanted)))
        if missing:
            raise BackupError(f"no such database on the server: {', '.join(missing)}")
        for service, name in wanted:
            dump = partial / "databases" / f"{name}.dump"
            server.dump(name, dump)
            manifest.databases.append(_entry(partial, dump, database=name, service=service))
        documents = partial / "documents"
        documents.mkdir()
        manifest.documents_backend = settings.documents_backend
        described: dict[Path, dict[str, Any]] = {}
        if settings.documents_backend == "minio":
            described = _backup_objects(client or _minio_client(settings), settings.minio_bucket_prefix, documents)
        else:
            source = settings.data_dir / "documents"
            if source.is_dir():
                shutil.copytree(source, documents, dirs_exist_ok=True)
        manifest.documents = [_entry(partial, p, **described.get(p, {})) for p in sorted(documents.rglob("*"))
                              if p.is_file()]
        if _backup_identity(settings.data_dir, partial / "identity"):
            manifest.identity = [_entry(partial, p) for p in sorted((partial / "identity").rglob("*")) if p.is_file()]
        (partial / MANIFEST).write_text(json.dumps(manifest.as_json(), ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if target.exists():
        target.rmdir()
    partial.rename(target)
    return BackupReport(target, [e.database or "" for e in manifest.databases], len(manifest.documents))


def verify(source: Path) -> Manifest:
    """The backup's manifest, once every file it lists is there with its size and checksum."""
    manifest = Manifest.read(source)
    problems = []
    for entry in (*manifest.databases, *manifest.documents, *manifest.identity):
        path = source / entry.path
        if not path.is_file():
            problems.append(f"{entry.path}: missing")
        elif path.stat().st_size != entry.bytes or sha256_of(path) != entry.sha256:
            problems.append(f"{entry.path}: checksum differs")
    if problems:
        raise BackupError("the backup is damaged, nothing was restored: " + "; ".join(problems))
    return manifest


def restore(settings: Settings, source: Path, *, server_url: str | None = None, replace: bool = False,
            pg_bin: Path | None = None, pg_exec: Sequence[str] = (), client: ObjectStore | None = None,
            replay_window: timedelta = REPLAY_WINDOW) -> BackupReport:
    """Recreate every database of the backup and put back its documents.

    Checks the whole backup first (:func:`verify`). A database that exists is refused unless
    ``replace``: then it is dropped (its connections closed) just before its own restore. The
    roles must exist (``renoflow db provision`` creates them); each database
    comes back with its owner, row-level security policies, grants and ``CONNECT`` rights.

    The databases were dumped one after another, so a consumer's dump may predate its handling
    of an event that the producer's dump already shows as published. Every event published from
    ``replay_window`` before the backup began is therefore put back in line: the relays send them
    again when the services start, and the consumers' inboxes drop those they had (P03).
    """
    source = source.resolve()
    manifest = verify(source)
    server = PgServer.from_url(server_url or settings.database_url or "", pg_bin, pg_exec)
    names = [e.database or "" for e in manifest.databases]
    present = server.existing(names)
    if present and not replace:
        raise BackupError(f"these databases exist: {', '.join(present)}; restore with --replace to drop "
                          "and recreate them")
    documents_target = settings.data_dir / "documents"
    if manifest.documents_backend != settings.documents_backend:
        raise BackupError(f"the backup's documents are {manifest.documents_backend}'s, this installation "
                          f"keeps them in {settings.documents_backend}")
    if (manifest.documents_backend == "folder" and documents_target.is_dir() and any(documents_target.iterdir())
            and not replace):
        raise BackupError(f"{documents_target} is not empty; restore with --replace")
    if manifest.identity and (settings.data_dir / IDENTITY_DB).exists() and not replace:
        raise BackupError(f"{settings.data_dir / IDENTITY_DB} exists; restore with --replace")
    for entry in manifest.databases:
        name = entry.database or ""
        if name in present:
            server.psql(f"DROP DATABASE {_quote_ident(name)} WITH (FORCE)")
        server.restore(source / entry.path)
    since = datetime.fromisoformat(manifest.created_at) - replay_window
    replayed = {(e.database or ""): _replay_since(server, e.database or "", since) for e in manifest.databases}
    if manifest.documents_backend == "minio":
        count = _restore_objects(client or _minio_client(settings), source, manifest.documents,
                                 object_lock=settings.minio_object_lock)
    else:
        if documents_target.exists() and replace:
            shutil.rmtree(documents_target)
        for entry in manifest.documents:
            destination = documents_target / entry.path.removeprefix("documents/")
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / entry.path, destination)
        count = len(manifest.documents)
    for entry in manifest.identity:
        destination = settings.data_dir / entry.path.removeprefix("identity/")
        destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copy2(source / entry.path, destination)
    return BackupReport(source, names, count, {db: n for db, n in replayed.items() if n})


def _replay_since(server: PgServer, database: str, since: datetime) -> int:
    """Mark the outbox's events published since ``since`` unpublished; how many (0 without an outbox)."""
    if server.psql("SELECT to_regclass('public.outbox') IS NOT NULL", database).strip() != "t":
        return 0
    # ``since`` comes from the manifest through datetime: an ISO timestamp, nothing else.
    out = server.psql("WITH replayed AS (UPDATE outbox SET published_at = NULL "
                      f"WHERE published_at >= '{since.isoformat()}'::timestamptz RETURNING 1) "
                      "SELECT count(*) FROM replayed", database)
    return int(out.strip() or 0)
