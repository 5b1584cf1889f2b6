"""Shared window parts: widgets, table models, the task runner, dialogs, theme and settings."""
