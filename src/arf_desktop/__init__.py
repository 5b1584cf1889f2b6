"""ARF Desktop: recognition rounds of the NHS North West Anti-Racist Framework, offline."""

__version__ = "0.1.0"
