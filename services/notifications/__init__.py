"""The notifications service: each user's inbox, fed by the other services' events, and its channels."""
