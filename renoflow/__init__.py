"""RenoFlow: the distribution's own packages (CLI, embedded runtime)."""
