"""Authentication: passwords, users, bearer tokens."""
