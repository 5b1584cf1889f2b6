"""Guards for every outside file: checks before opening, safe cells, atomic writes, file names."""
