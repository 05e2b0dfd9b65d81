"""Cases: open one with its first event, read it (only the sections you may see), list them."""
