"""The Scoring screen: allocations, criteria, detail pane, undo and the questions it asks."""
