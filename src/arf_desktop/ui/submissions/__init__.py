"""The Submissions screen: rounds, imports, the submission detail and its questions."""
