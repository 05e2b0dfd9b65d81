"""The law without personal data: the rule book, the route checker and the period calculator."""
