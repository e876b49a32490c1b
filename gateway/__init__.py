"""The gateway: REST API, authentication, staff portals; no business rules."""
