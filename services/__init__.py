"""RenoFlow services; each is independent of the others."""
