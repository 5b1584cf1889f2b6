"""Calibration: reference exercises with a definitive key, qualification and drift."""
