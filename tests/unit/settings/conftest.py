"""The services' own fixtures (a database each), for tests that push settings into them."""

from tests.unit.aftercare.conftest import desk  # noqa: F401 - fixtures, found by name
from tests.unit.contracts.conftest import studio  # noqa: F401
from tests.unit.finance.conftest import books  # noqa: F401
