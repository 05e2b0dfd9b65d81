"""The columns of the placement programme: every (class, candidate unit) pair as flat arrays.

A pair is a possible column of the programme: how many households of a class go to one of its
candidate units. ``Pairs`` holds all of them (close to a million on a large instance) with the
rows each uses: the class's row, the unit's capacity row (and, for a household that moves, the
capacity row of the unit it leaves), and the spread row of the unit's municipality. The
programme itself (``mip``) takes only the columns it needs; the reduced costs, the room a plan
leaves in each unit and its persons above each municipality's fair share are computed here for
any set of columns, so that the pricing, the rounding and the filling (``fill``) agree, and so
are the parts of the programme the integer solves may change (``neighbourhood``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .prepare import Bools, Floats, Ints, Prepared

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Pairs:
    """Every (class, candidate) pair as flat arrays, and the rows each one uses."""

    klass: Ints
    unit: Ints
    points: Floats
    size: Floats
    leave: Ints  # the unit the class leaves (-1: none)
    muni_row: Ints
    n_units: int
    n_classes: int
    n_rows: int
    upper: Floats  # row upper bounds
    most: Floats  # each pair's most households: as many as fit in the unit's free places
    lower: Floats  # row lower bounds
    spread: float


def pairs_of(prepared: Prepared) -> Pairs:
    classes = prepared.classes
    n_units, n_classes = len(prepared.units), len(classes)
    municipalities = sorted(prepared.fair)
    row_of = {m: n_units + n_classes + k for k, m in enumerate(municipalities)}
    unit_row = np.array([row_of[m] for m in prepared.municipality], dtype=np.int64)
    counts = [len(g.candidates) for g in classes]
    unit = np.concatenate([g.candidates for g in classes]) if classes else np.zeros(0, np.int64)
    leave = [
        -1
        if (cur := prepared.households[g.first].current_unit) is None
        else prepared.unit_index[cur]
        for g in classes
    ]
    free = np.array([u.free for u in prepared.units], dtype=np.float64)
    if "capacity" in prepared.disabled:
        free[:] = np.inf
    fixed = np.array([g.override is not None for g in classes], dtype=bool)
    movable = free.copy()
    for h in prepared.households:
        if h.current_unit is not None:
            movable[prepared.unit_index[h.current_unit]] += h.persons
    size = np.repeat([float(prepared.persons(g.first)) for g in classes], counts)
    members = np.repeat([float(len(g.members)) for g in classes], counts)
    stays = unit == np.repeat(np.array(leave, dtype=np.int64), counts)
    most = np.where(stays, members, np.minimum(members, np.floor(movable[unit] / size)))
    return Pairs(
        most=most,
        klass=np.repeat(np.arange(n_classes), counts),
        unit=unit.astype(np.int64),
        points=np.concatenate([g.points for g in classes]) if classes else np.zeros(0),
        size=np.repeat([float(prepared.persons(g.first)) for g in classes], counts),
        leave=np.repeat(np.array(leave, dtype=np.int64), counts),
        muni_row=unit_row[unit.astype(np.int64)],
        n_units=n_units,
        n_classes=n_classes,
        n_rows=n_units + n_classes + len(municipalities),
        upper=np.concatenate(
            [
                free,
                [float(len(g.members)) for g in classes],
                [prepared.fair[m] for m in municipalities],
            ]
        ),
        lower=np.concatenate(
            [
                np.full(n_units, -np.inf),
                np.where(fixed, 1.0, -np.inf),
                np.full(len(municipalities), -np.inf),
            ]
        ),
        spread=prepared.problem.weights.spread,
    )


def entries(p: Pairs, cols: Ints, capacity: bool) -> tuple[Ints, Ints, Floats]:
    """(column position, row, value) of the matrix entries of the pair columns ``cols``."""
    k = np.arange(len(cols))
    moves = p.unit[cols] != p.leave[cols]
    parts = [
        (k, p.n_units + p.klass[cols], np.ones(len(cols))),
        (k, p.muni_row[cols], p.size[cols]),
    ]
    if capacity:
        parts.append((k[moves], p.unit[cols][moves], p.size[cols][moves]))
        away = moves & (p.leave[cols] >= 0)
        parts.append((k[away], p.leave[cols][away], -p.size[cols][away]))
    return (
        np.concatenate([a for a, _, _ in parts]),
        np.concatenate([b for _, b, _ in parts]),
        np.concatenate([c for _, _, c in parts]),
    )


def reduced_costs(p: Pairs, duals: Floats, capacity: bool) -> Floats:
    """Each pair's points less the prices of the rows its column uses."""
    price = duals[p.n_units + p.klass] + p.size * duals[p.muni_row]
    if capacity:
        moves = p.unit != p.leave
        unit_price = np.where(moves, duals[p.unit], 0.0)
        leave_price = np.where(moves & (p.leave >= 0), duals[np.maximum(p.leave, 0)], 0.0)
        price = price + p.size * (unit_price - leave_price)
    return p.points - price


def entering_pairs(klass: Ints, reduced: Floats, per_class: int) -> Ints:
    """The pairs of positive reduced cost, at most ``per_class`` of each class (the best)."""
    positive = np.flatnonzero(reduced > TOLERANCE)
    order = positive[np.lexsort((-reduced[positive], klass[positive]))]
    first = np.searchsorted(klass[order], klass[order], side="left")
    return np.sort(order[np.arange(len(order)) - first < per_class])


def room_left(p: Pairs, cols: Ints, y: Floats, capacity: bool) -> Floats:
    """The free places each unit has left under the plan ``y`` of pair columns ``cols``."""
    room = p.upper[: p.n_units].copy()
    if capacity:
        position, row, value = entries(p, cols, capacity)
        units = row < p.n_units
        np.subtract.at(room, row[units], value[units] * y[position[units]])
    return room


def overflow(p: Pairs, cols: Ints, y: Floats) -> Floats:
    """The persons above each municipality's fair share, for pair columns ``cols`` at ``y``."""
    load = np.zeros(p.n_rows)
    np.add.at(load, p.muni_row[cols], p.size[cols] * y)
    first = p.n_units + p.n_classes
    return np.asarray(np.maximum(0.0, load[first:] - p.upper[first:]))


def neighbourhood(
    p: Pairs, cols: Ints, relaxed: Floats, filled: Floats, plan: Floats, stage: str
) -> Bools:
    """The columns the integer programme may change: where the ``filled`` plan and the
    relaxation disagree (``near``); into units the current ``plan`` leaves places free in, for
    the classes with households waiting or in such a unit, and every column of the latter
    (``room``); every column of a class where the filled plan and the relaxation disagree
    (``classes``); or all."""
    if stage == "room":
        room = room_left(p, cols, plan, capacity=True) >= 1
        placed = np.zeros(p.n_classes)
        np.add.at(placed, p.klass[cols], plan)
        waiting = placed < p.upper[p.n_units : p.n_units + p.n_classes] - TOLERANCE
        there = np.zeros(p.n_classes, dtype=bool)
        there[p.klass[cols[(plan > 0) & room[p.unit[cols]]]]] = True
        return np.asarray((room[p.unit[cols]] & waiting[p.klass[cols]]) | there[p.klass[cols]])
    differ = np.abs(relaxed - filled) > TOLERANCE
    if stage == "near":
        return differ
    if stage == "classes":
        classes = np.zeros(p.n_classes, dtype=bool)
        classes[p.klass[cols[differ]]] = True
        return np.asarray(classes[p.klass[cols]])
    return np.ones(len(cols), dtype=bool)
