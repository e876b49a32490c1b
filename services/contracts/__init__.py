"""The contracts service (流程07–09): catalogue, documents, quotes, contracts and their numbers."""
