"""The RenoFlow platform kit: what every service and the gateway build on."""
