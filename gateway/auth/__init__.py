"""Authentication at the gateway: bearer token -> validated claims -> checked principal."""
