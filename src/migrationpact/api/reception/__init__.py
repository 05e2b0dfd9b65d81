"""Reception: COA's sites and units, the placement proposal and the reception worklist."""
