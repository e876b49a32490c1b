"""Who is calling (principal, call context) and signatures."""
