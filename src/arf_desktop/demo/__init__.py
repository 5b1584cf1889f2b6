"""The demo workspace, sample workbooks and self-test content; only the entry points use it."""
