"""RenoFlow's benchmark suite (issue 8): ``python -m bench`` or ``renoflow bench``.

Each benchmark runs in embedded and in distributed mode on throw-away data, measures its figure
and a floor in the same run (a bare FastAPI + SQLAlchemy app doing the same database work), and
prints the ratio against its target with PASS or MISS. Benchmarks print figures; they are never
timed assertions, and ``./scripts/test`` does not run them.
"""
