"""The monitoring register's route for outside submitters (``views``)."""
