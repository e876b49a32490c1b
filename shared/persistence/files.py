"""Files the platform keeps under its data directory, readable by its own user only.

The data directory holds password hashes, the identity provider's signing key, the broker's
password (``nameko.yaml``) and every tenant's records, so it is 0700 and what the platform writes
there is 0600, whatever the umask of the process that started it.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import IO

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
#: Files SQLite creates beside a database; it gives them the database file's own mode.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) and make it 0700, tightening one that exists."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty as 0600 when missing (its content untouched otherwise) and make it 0600."""
    # O_CREAT with the mode: the file never exists with wider permissions, not even for a moment.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
    os.chmod(path, PRIVATE_FILE_MODE)
    return path


def open_private(path: Path, mode: str = "ab") -> IO[bytes]:
    """Open ``path`` for binary writing (``ab`` or ``wb``), created 0600 and tightened if it exists."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode.startswith("a") else os.O_TRUNC)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    os.fchmod(fd, PRIVATE_FILE_MODE)
    return os.fdopen(fd, mode)


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` as a 0600 file, whole: a reader sees the old or the new one.

    The replacement is written beside it and renamed over it, because processes starting at the
    same moment read the file while it is rewritten (a replica's ``nameko run`` read an empty
    ``nameko.yaml`` that its sibling's start had just truncated).
    """
    partial = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.partial")
    try:
        with open_private(partial, "wb") as out:
            out.write(text.encode("utf-8"))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def private_sqlite_file(database: Path) -> Path:
    """Make a SQLite database file 0600 before it is opened, and tighten its journal files.

    SQLite creates ``-wal``, ``-shm`` and ``-journal`` with the mode of the database file, so a
    database created 0600 keeps them private too; existing ones from before are tightened here.
    """
    private_file(database)
    for suffix in SQLITE_COMPANIONS:
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.chmod(companion, PRIVATE_FILE_MODE)
    return database
