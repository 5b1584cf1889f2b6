"""The `arf-desktop` command line: the entry point, shared helpers, one module per command group."""
