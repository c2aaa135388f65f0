"""What a cycle tells people: alerts, structured logs and the run history in ops."""
