"""What the coordinator keeps: frameworks, rounds, registers, submissions, the log, backups."""
