"""The notifications domain: who an alert goes to, what it says, and its deliveries, in plain Python."""
