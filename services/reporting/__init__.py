"""The reporting read model: per-store, per-day figures fed by the other services' events."""
