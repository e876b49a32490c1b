"""The construction domain: projects, their forms and the construction sequence, in plain Python."""
