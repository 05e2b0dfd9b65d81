"""Recording placements and departures at COA's reception sites (the write side)."""
