"""The API gateway: REST, authentication, portals. It holds no business rule."""
