"""Use cases of the contracts service, one module per aggregate, a command in and a result out.

Each takes its command and, by keyword, the dependencies it needs (:mod:`shared.messaging.operations`);
it loads aggregates through the abstract unit of work (``ports.py``), lets them apply the rules
and publishes the events they recorded. ``operations.py`` declares which is which operation.
"""
