"""Queueing theory the twin is checked against: Erlang C for an M/M/c station, Little's law.

A station with ``c`` servers, Poisson arrivals at rate ``lam`` and exponential service at rate
``mu`` per server (an M/M/c queue) has a closed form for the mean wait in the queue:

    P(wait) = C(c, a) with a = lam / mu,  mean wait Wq = C(c, a) / (c * mu - lam).

The validation tests run the twin's own station (``twin.stations``) with exponential times and
no legal time limits, and require this mean to fall inside the Monte Carlo confidence interval.
Little's law (L = lambda * W) must hold on the twin's outputs: the mean number of people in a
phase equals the rate at which they enter it times the mean time they spend in it.

>>> round(erlang_c_wait(4.0, 1.0, 5), 4)
0.5541
>>> erlang_c_probability(0.5, 1.0, 1), erlang_c_wait(0.5, 1.0, 1)  # M/M/1: rho, rho/(mu-lam)
(0.5, 1.0)
"""

from __future__ import annotations


def erlang_c_probability(lam: float, mu: float, servers: int) -> float:
    """The probability that an arriving customer waits (Erlang's C formula)."""
    offered = lam / mu
    if offered >= servers:
        raise ValueError(f"the station is unstable: load {offered:g} >= {servers} servers")
    term, total = 1.0, 1.0  # the sum over k < c of a^k / k!, built term by term
    for k in range(1, servers):
        term *= offered / k
        total += term
    last = term * offered / servers * servers / (servers - offered)
    return last / (total + last)


def erlang_c_wait(lam: float, mu: float, servers: int) -> float:
    """The mean wait in the queue of an M/M/c station (time units of ``1 / mu``)."""
    return erlang_c_probability(lam, mu, servers) / (servers * mu - lam)


def littles_law_gap(mean_in_system: float, arrival_rate: float, mean_time: float) -> float:
    """The relative difference between L and lambda * W (0 when Little's law holds exactly)."""
    expected = arrival_rate * mean_time
    if expected == 0:
        return abs(mean_in_system)
    return abs(mean_in_system - expected) / expected
