"""``python -m bench`` (``make bench``): run every benchmark in turn."""

print("no benchmarks yet")
