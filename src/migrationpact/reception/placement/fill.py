"""Filling the places a rounded plan leaves empty, unit by unit, as a small knapsack.

Rounding the relaxation down leaves many units with a few free places: the relaxation had put
two thirds of a family of three there, and half of another one elsewhere. In a large queue
more households wait than there are places, in every size, so a unit's free places can usually
be filled exactly by choosing the right sizes. For each unit in turn (fewest free places
first, as those need the small households most), its newcomers are taken out again and chosen
anew with the households still waiting that may go there: grouped by size, the best of each
size by their points first, and a knapsack over the sizes (at most the unit's free places, a
handful of sizes) picks how many of each size go in so that the unit's points are highest. A
unit's points never go down (its old newcomers are among the choices); what the spread costs
is left to the caller, who keeps the better of the plan before and after.

Before that, every household still waiting that may stay in the unit it lives in stays there:
that costs no place and scores. Households that live somewhere and overridden households keep
what the plan gave them. The pass is repeated while it changes something (a household that
moves frees its old place, which a unit already filled may then use).

It works on counts of a class per unit, like the programme, and only ever chooses among a
class's candidate units: every hard constraint but capacity holds by construction, and
capacity is checked for every household it places.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .pairs import Pairs
from .prepare import Ints

Counts = dict[tuple[int, int], int]  # (class, unit) → households
PASSES = 10  # a move frees a place in a unit already filled: look again, a few times


def fill(p: Pairs, members: Ints, counts: Counts) -> Counts:
    """``counts`` with each unit's newcomers chosen again, and the waiting households of each
    class added, where they fit and score most."""
    plan = _Plan(p, members, counts)
    plan.stay()
    for _ in range(PASSES):
        before = dict(plan.counts)
        for j in map(int, np.argsort(plan.room, kind="stable")):
            plan.refill(j)
        if plan.counts == before:
            break
    return plan.counts


class _Plan:
    """A plan in counts, with what it leaves: the households still waiting in each class, the
    free places of each unit, and the classes each unit has households of."""

    def __init__(self, p: Pairs, members: Ints, counts: Counts) -> None:
        self.p, self.counts = p, dict(counts)
        self.size = np.zeros(p.n_classes)
        self.leave = np.full(p.n_classes, -1, dtype=np.int64)
        self.size[p.klass], self.leave[p.klass] = p.size, p.leave
        # Overridden households are never moved, nor one that lives somewhere: sent back to
        # wait, it would take its old place again, which may have been given away since.
        fixed = p.lower[p.n_units : p.n_units + p.n_classes] > 0
        self.free_to_move = (self.leave < 0) & ~fixed
        self.waiting = members.astype(np.int64)
        self.room = p.upper[: p.n_units].copy()
        self.at: dict[int, set[int]] = defaultdict(set)  # unit → classes placed there
        for (c, j), n in self.counts.items():
            self.waiting[c] -= n
            self._move(c, j, n)
            self.at[j].add(c)
        self.by_unit = np.argsort(p.unit, kind="stable")
        self.unit_start = np.searchsorted(p.unit[self.by_unit], np.arange(p.n_units + 1))

    def _move(self, c: int, j: int, n: int) -> None:
        """Account for ``n`` households of class ``c`` going to unit ``j`` (negative: back)."""
        if j != self.leave[c]:
            self.room[j] -= self.size[c] * n
            if self.leave[c] >= 0:
                self.room[self.leave[c]] += self.size[c] * n

    def add(self, c: int, j: int, n: int = 1) -> None:
        self.counts[(c, j)] = self.counts.get((c, j), 0) + n
        if self.counts[(c, j)] == 0:
            del self.counts[(c, j)]
            self.at[j].discard(c)
        else:
            self.at[j].add(c)
        self.waiting[c] -= n
        self._move(c, j, n)

    def stay(self) -> None:
        """Every waiting household that may stay where it lives stays: no place used."""
        p = self.p
        for k in np.flatnonzero((p.unit == p.leave) & (p.points > 0)):
            c = int(p.klass[k])
            if self.waiting[c] > 0:
                self.add(c, int(p.unit[k]), int(self.waiting[c]))

    def refill(self, j: int) -> None:
        """Choose the newcomers of unit ``j`` again, among them and the waiting households."""
        # The unit's best combination may be other sizes: a remnant of two fits no family.
        for c in [c for c in self.at[j] if self.free_to_move[c]]:
            self.add(c, j, -self.counts[(c, j)])
        if self.room[j] < 1:
            return
        p, ks = self.p, self.by_unit[self.unit_start[j] : self.unit_start[j + 1]]
        ks = ks[
            (self.waiting[p.klass[ks]] > 0)
            & (p.points[ks] > 0)
            & (p.leave[ks] != j)
            & (p.size[ks] <= self.room[j])
        ]
        for c in _best_fit(p, ks, self.waiting, self.room[j]):
            self.add(c, j)


def _best_fit(p: Pairs, ks: Ints, waiting: Ints, free: float) -> list[int]:
    """The classes (one entry a household) whose households fill ``free`` places of one unit
    with the most points: for each size its best households, then a knapsack over the sizes."""
    capacity = int(free)
    offers: dict[int, list[tuple[float, int]]] = {}
    for k in ks[np.lexsort((p.klass[ks], -p.points[ks]))]:
        s, c = int(p.size[k]), int(p.klass[k])
        take = offers.setdefault(s, [])
        room_for = capacity // s - len(take)
        take.extend([(float(p.points[k]), c)] * max(0, min(room_for, int(waiting[c]))))
    best = [0.0] * (capacity + 1)  # the most points in at most r places
    choice: list[list[int]] = []  # per size (in order), households of it taken at r places
    sizes = sorted(offers)
    for s in sizes:
        prefix = np.concatenate([[0.0], np.cumsum([points for points, _ in offers[s]])])
        new, took = best[:], [0] * (capacity + 1)
        for r in range(capacity + 1):
            for n in range(1, min(len(prefix) - 1, r // s) + 1):
                value = best[r - n * s] + prefix[n]
                if value > new[r] + 1e-9:
                    new[r], took[r] = value, n
        best = new
        choice.append(took)
    chosen: list[int] = []
    r = int(np.argmax(best))
    for s, took in zip(reversed(sizes), reversed(choice), strict=True):
        n = took[r]
        chosen += [c for _, c in offers[s][:n]]
        r -= n * s
    return chosen
