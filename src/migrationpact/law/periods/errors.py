"""The one error type of the period engine: input that cannot be computed, said plainly."""


class PeriodError(ValueError):
    """A period cannot be computed as asked; the message says what is wrong."""
