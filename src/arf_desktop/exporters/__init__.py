"""Outputs: award letters, certificates and feedback reports rendered as PDF from plain data."""
