"""Scoring services: assessors, conflicts of interest, allocation, scores and scoring sheets."""
