"""The aftercare service: customer archive and complaints (客户档案, 客户投诉)."""
