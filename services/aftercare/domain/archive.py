"""The customer archive (《客户档案表》, A02) and who may read customer personal data (A07)."""

from __future__ import annotations

from collections.abc import Iterable

from shared.errors import Forbidden

#: A07: roles whose work needs the customer's name and address. Store scoping still applies, so a
#: designer (or studio manager) reads only the archives of the stores they work in.
ARCHIVE_READERS = ("aftercare", "engineering_stats", "studio_manager", "general_manager", "hq",
                   "tenant_admin", "designer")


def check_may_read_archive(roles: Iterable[str]) -> None:
    """A07: customer personal data is shown only to roles that need it."""
    if not set(roles) & set(ARCHIVE_READERS):
        raise Forbidden("customer personal data is shown only to " + ", ".join(ARCHIVE_READERS),
                        rule="A07")
