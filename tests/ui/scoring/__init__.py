"""Tests of ARF Desktop."""
