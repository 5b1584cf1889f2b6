"""Moderation services: the risk-ordered queue, agreed scores, decisions and statistics."""
