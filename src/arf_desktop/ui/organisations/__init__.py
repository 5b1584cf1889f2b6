"""The Organisations & assessors screen: the register, assessors and conflicts of interest."""
