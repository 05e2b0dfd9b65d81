"""The people resource: a person's history across cases."""
