"""RenoFlow's composition roots and command line: the only package that wires services together."""
