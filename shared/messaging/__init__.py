"""Events, the outbox relay, RPC and event ports with their adapters, operations and consumers."""
