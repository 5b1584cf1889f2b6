"""The workspace database: the only package that talks SQL."""
