"""The Moderation screen: queue, score matrix, agreement, decisions and statistics."""
