"""The one list of the services a RenoFlow installation runs; everything else reads it.

The CLI, provisioning, the bus topology, the gateway's routes, embedded mode and the tests take
the services from :data:`SERVICE_NAMES`; a test checks the files that cannot import it (compose,
the PostgreSQL init script, the import-linter contracts) against it. Adding a service is its
folder under ``services/`` (``service.py`` with its nameko class, ``bootstrap.py`` with its
``MIGRATIONS``) and its name here.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from gateway.directory import MIGRATIONS as DIRECTORY_MIGRATIONS
from shared.messaging.nameko_support import PlatformService
from shared.messaging.operations import PublicOperation
from shared.messaging.operations import public_operations as declared_public_operations

#: The services, in the order they start.
SERVICE_NAMES: tuple[str, ...] = ("sales", "contracts", "finance", "construction", "aftercare",
                                   "reporting")


def _service_class(name: str) -> type:
    module = importlib.import_module(f"services.{name}.service")
    found = [cls for cls in vars(module).values() if isinstance(cls, type) and issubclass(cls, PlatformService)
             and getattr(cls, "name", None) == name]
    if len(found) != 1:
        raise RuntimeError(f"services/{name}/service.py must define one PlatformService named {name!r}")
    return found[0]


SERVICE_CLASSES: tuple[type, ...] = tuple(_service_class(name) for name in SERVICE_NAMES)

#: Each database and the migrations that build it (the gateway's directory included).
MIGRATIONS: dict[str, Path] = {
    **{name: importlib.import_module(f"services.{name}.bootstrap").MIGRATIONS for name in SERVICE_NAMES},
    "gateway": DIRECTORY_MIGRATIONS,
}


def public_operations() -> list[PublicOperation]:
    """Every service's declared public operations, for the gateway's routes."""
    return [op for cls in SERVICE_CLASSES
            for op in declared_public_operations(cls.name, getattr(cls, "operations", {}))]  # type: ignore[attr-defined]


def service_module(service_cls: type) -> str:
    """The module ``nameko run`` loads for a service class."""
    return f"{service_cls.__module__}:{service_cls.__name__}"
