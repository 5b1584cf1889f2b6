"""The Audit screen: the log page by page and the chain check."""
