"""Who may do what in the contracts service: the role sets, in one place (domain.md roles)."""

from __future__ import annotations

#: Prepare and issue quotes, draw up and sign contracts: the studio's sellers.
SELLERS = frozenset({"designer", "studio_manager"})
#: C02: approve special items (agreed with the engineering manager): the studio manager alone.
APPROVERS = frozenset({"studio_manager"})
#: Attach the C01 documents to a draft contract: the sellers and the studio's assistant.
CONTRACT_CLERKS = SELLERS | {"studio_assistant"}
#: Onboarding: register stores and set up the price catalogue.
TENANT_ADMINS = frozenset({"tenant_admin"})
