"""Container health check of a ``nameko run`` service: is its RPC queue being consumed?

``python deploy/healthcheck.py sales`` exits 0 when queue ``rpc-sales`` exists and has at least
one consumer, i.e. the service process is up and attached to RabbitMQ; 1 otherwise. A nameko
service has no HTTP port to probe, and "the process runs" says nothing about the broker link.
"""

from __future__ import annotations

import os
import sys

from kombu import Connection


def rpc_queue_consumers(amqp_uri: str, service: str) -> int:
    """Consumers of the service's RPC queue (nameko names it ``rpc-<service>``)."""
    with Connection(amqp_uri, connect_timeout=3) as connection:
        channel = connection.channel()
        # passive: only look; declaring it here would create the queue for a service not yet up.
        _, _, consumers = channel.queue_declare(queue=f"rpc-{service}", passive=True)
        return int(consumers)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: healthcheck.py SERVICE", file=sys.stderr)
        return 2
    try:
        consumers = rpc_queue_consumers(os.environ["RENOFLOW_AMQP_URI"], argv[1])
    except Exception as exc:  # any failure means "not healthy"; the reason goes to docker inspect
        print(f"unhealthy: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"rpc-{argv[1]}: {consumers} consumer(s)")
    return 0 if consumers > 0 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
