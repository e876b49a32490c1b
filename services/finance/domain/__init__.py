"""The finance domain: payment plans and who may take money, in plain Python."""
