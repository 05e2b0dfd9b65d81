"""Reception (COA): locations, regimes, special reception needs and placement."""
