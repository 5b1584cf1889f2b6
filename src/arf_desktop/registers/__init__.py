"""Registers the coordinator keeps: frameworks, organisations (and later assessors)."""
