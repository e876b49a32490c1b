"""The aftercare domain: customer archive access and complaint handling, in plain Python."""
