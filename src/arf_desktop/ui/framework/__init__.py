"""The Framework screen: the criteria catalogue with guidance and scale."""
