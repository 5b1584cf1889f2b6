"""Guards for every outside file: zip and xlsx checks, safe cells, atomic writes."""
