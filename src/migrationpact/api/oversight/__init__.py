"""For the monitoring bodies and analysts: the access log and aggregate statistics."""
