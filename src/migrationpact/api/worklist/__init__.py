"""The worklist: the open deadlines of the caller's organisation, soonest first."""
