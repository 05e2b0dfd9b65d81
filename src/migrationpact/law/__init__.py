"""The law: pure, dated, cited computations that every other part of the system calls.

Nothing in this package performs I/O beyond reading the data files shipped inside it.
"""
