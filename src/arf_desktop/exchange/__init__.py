"""Offline exchange: work packs from the coordinator to assessors, score returns back."""
