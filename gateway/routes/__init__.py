"""One router per service the gateway fronts; each route is one RPC call."""
