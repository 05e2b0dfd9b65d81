"""The one error type of the rule book: bad rule files, unknown rules, rules not in force."""


class RuleBookError(ValueError):
    """A rule file is invalid, a rule is unknown, or it is not in force on the law date."""
