"""Placement as a mixed-integer programme, solved with HiGHS by pricing in the columns it needs.

Variables: ``y[c, u]``, how many households of class ``c`` go to unit ``u`` (an integer, only
for the class's candidates, so every hard constraint on one household and one unit holds by
construction), and ``over[m]`` ≥ 0, the persons municipality ``m`` receives above its fair
share. Constraints:

- **class**: ``Σ_u y[c, u] ≤ n_c`` (≥ 1 as well for an overridden household: it is placed);
- **capacity** of each unit ``u``: the persons placed in it, less the persons of households
  that leave it for another unit, fit in its free places:
  ``Σ_c size_c·y[c, u] − Σ_{c: current unit u} size_c·Σ_{v≠u} y[c, v] ≤ capacity_u − occupancy_u``;
- **spread**: ``Σ_{c, u in m} size_c·y[c, u] − over[m] ≤ fair_m``.

A household is the model's unit of decision, so it is placed whole, in one unit (together).
Maximise ``Σ points[c, u]·y[c, u] − spread·Σ over[m]``.

**Speed.** All pairs of a large instance are close to a million columns; few matter. The
programme starts with each class's best candidates, solves the linear relaxation, and adds the
columns whose reduced cost (their points less the prices of the rows they use) is positive,
until none is (column generation). The relaxation's value is then a proven bound for the whole
programme — in general the Lagrangian bound ``z + Σ_c n_c·max(0, best reduced cost of c)`` —
and the integer programme is solved over the columns found. The gap reported is against that
bound, so it is proven for the full programme, not only for the columns kept.

**The plan.** The start is the better of the rounded relaxation and the greedy plan, filled
(``fill``: each unit's newcomers chosen again by a knapsack over sizes, which uses the places
rounding leaves). If its gap to the bound is wider than asked for, the integer programme is
solved on parts of it, the other columns fixed at the plan's values, each part from the best
plan so far: the columns where the filled plan and the relaxation disagree (``near``: about
1,200 free columns and half a second for 5,000 households, like HiGHS's own RINS heuristic);
the columns into units the plan leaves places free in, for the classes with households waiting
or in such a unit, and every column of the latter (``room``: about 10,000 columns, a second;
it finds the exchanges that put a waiting family into the last places of a unit); every
column of the classes of ``near`` (``classes``); then, up to ``Options.whole_columns``, the
whole programme. The result is filled again. A part's optimum is not the programme's, so
each part is solved to a hundredth of the gap asked for, and only the bound proves the gap.

**Determinism.** HiGHS runs single-threaded with a fixed seed, the columns are in a fixed order
and the solve stops at the gap asked for (default 0.1 %), so the same input gives the same
plan. The time limit (for all the integer solves together) is a safety net: a plan it stopped
says so in its status and may differ between machines; for a limit that stops the same way
everywhere, set ``max_nodes`` (a limit on the branch-and-bound nodes) and no time limit.
HiGHS looks at its time limit only between its steps, and at its interrupt (asked for at the
limit) a little more often, but at neither during its first rounds of cuts, which take over a
minute for the benchmark's whole programme: hence ``whole_columns``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import highspy
import numpy as np

from .fill import Counts, fill
from .greedy import greedy_assignment
from .pairs import (
    TOLERANCE,
    Pairs,
    entering_pairs,
    entries,
    neighbourhood,
    overflow,
    pairs_of,
    reduced_costs,
    room_left,
)
from .prepare import Bools, Floats, Ints, Prepared

#: The status of a plan whose gap to the bound was within the one asked for before branching.
FILLED = "Optimal within the gap asked for (rounded and filled, no branching needed)"
TIME_LIMIT = "Time limit reached"
NEAR = "Optimal within the gap asked for (the plan improved on parts of the programme)"
PARTS = "Parts solved; the whole programme is too large to solve in time"


@dataclass(frozen=True)
class Options:
    gap: float = 1e-3
    time_limit: float = 60.0
    seed: int = 0
    max_nodes: int | None = None  # a limit in work, not time: it stops the same way anywhere
    first_columns: int = 8  # per class, besides one per household of the class
    entering: int = 40  # per class and round, at most
    rounds: int = 50
    #: The whole integer programme is solved (after its parts) only up to this many columns:
    #: above, HiGHS's first rounds of cuts take minutes and look at no time limit.
    whole_columns: int = 20_000


@dataclass(frozen=True)
class Answer:
    counts: dict[tuple[int, int], int]  # (class, unit) → households
    bound: float
    status: str


class _Quiet(highspy.Highs):
    """HiGHS without the banner that turning its callbacks on prints to the process's standard
    output (it would come before ``reception place --json``'s document); placement uses no
    callbacks."""

    def enableCallbacks(self) -> None:  # noqa: N802 - highspy's name
        return None


def _highs(options: Options) -> highspy.Highs:
    h = _Quiet()  # type: ignore[no-untyped-call]
    for name, value in (
        ("output_flag", False),
        ("threads", 1),
        ("random_seed", options.seed),
        ("mip_rel_gap", options.gap),
        ("time_limit", np.inf),  # a relaxation cut short would give no bound
    ):
        h.setOptionValue(name, value)
    if options.max_nodes is not None:
        h.setOptionValue("mip_max_nodes", options.max_nodes)
    return h


class _Model:
    """The programme in HiGHS: the overflow columns first, then pair columns as they come
    (added to the same model, so each relaxation starts from the last one's basis)."""

    def __init__(self, p: Pairs, capacity: bool, options: Options) -> None:
        self.p, self.capacity, self.options = p, capacity, options
        self.n_over = p.n_rows - p.n_units - p.n_classes
        self.cols = np.zeros(0, dtype=np.int64)
        self.deadline = 0.0
        self.h = _highs(options)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.n_over, p.n_rows
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.col_cost_ = np.full(self.n_over, -p.spread)
        lp.col_lower_ = np.zeros(self.n_over)
        lp.col_upper_ = np.full(self.n_over, np.inf)
        lp.row_lower_, lp.row_upper_ = p.lower, p.upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.arange(self.n_over + 1)
        lp.a_matrix_.index_ = p.n_units + p.n_classes + np.arange(self.n_over)
        lp.a_matrix_.value_ = -np.ones(self.n_over)
        self.h.passModel(lp)

    def add(self, cols: Ints) -> None:
        col, row, val = entries(self.p, cols, self.capacity)
        order = np.lexsort((row, col))
        col, row, val = col[order], row[order], val[order]
        starts = np.searchsorted(col, np.arange(len(cols))).astype(np.int32)
        n = len(cols)
        self.h.addCols(n, self.p.points[cols], np.zeros(n), self.p.most[cols], len(row),
                       starts, row.astype(np.int32), val)  # fmt: skip
        self.cols = np.concatenate([self.cols, cols])

    def relax(self) -> tuple[float, Floats, Floats]:
        """The relaxation's value, its row prices, and the value of each pair column."""
        self.h.run()
        solution = self.h.getSolution()
        values = np.asarray(solution.col_value)[self.n_over :]
        return (
            float(self.h.getInfo().objective_function_value),
            np.asarray(solution.row_dual),
            values,
        )

    def integer(
        self, start: Floats, free: Bools, deadline: float, gap: float
    ) -> tuple[Floats, str]:
        """The integer programme with the columns not ``free`` fixed at their ``start`` value,
        from ``start``, to the relative ``gap`` to its own bound or until ``deadline``
        (``time.monotonic``); the better plan of the found and the start."""
        n = len(self.cols)
        index = np.arange(self.n_over, self.n_over + n, dtype=np.int32)
        # Each integer solve in a HiGHS of its own (the relaxation's stays as it was).
        h = _highs(self.options)
        h.passModel(self.h.getLp())
        kinds = np.full(n, int(highspy.HighsVarType.kInteger), dtype=np.uint8)
        h.changeColsIntegrality(n, index, kinds)
        # HiGHS checks its time limit only between its steps; its interrupt, asked for at the
        # limit, is looked at more often (but not in the whole programme's first cut rounds).
        self.deadline = deadline
        highspy.Highs.enableCallbacks(h)  # type: ignore[no-untyped-call]  # quiet now
        h.cbMipInterrupt.subscribe(self._interrupt)
        upper = np.where(free, self.p.most[self.cols], start)
        h.changeColsBounds(n, index, np.where(free, 0.0, start), upper)
        h.setOptionValue("mip_rel_gap", gap)
        h.setOptionValue("time_limit", max(0.0, deadline - time.monotonic()))
        given = highspy.HighsSolution()
        given.col_value = list(np.concatenate([overflow(self.p, self.cols, start), start]))
        given.value_valid = True
        h.setSolution(given)
        h.run()
        status = h.modelStatusToString(h.getModelStatus())
        if time.monotonic() > deadline:  # HiGHS may call a stop in mid-step an error
            status = TIME_LIMIT
        found = np.asarray(h.getSolution().col_value)
        if len(found) != self.n_over + n or h.getInfo().primal_solution_status != 2:
            return start, status
        values = np.round(found[self.n_over :])
        if (room_left(self.p, self.cols, values, self.capacity) < -TOLERANCE).any():
            return start, status
        return (values if self._points(values) >= self._points(start) else start), status

    def _interrupt(self, event: highspy.highs.HighsCallbackEvent) -> None:
        if time.monotonic() > self.deadline:
            event.interrupt()

    def _points(self, y: Floats) -> float:
        over = overflow(self.p, self.cols, y)
        return float(np.dot(self.p.points[self.cols], y) - self.p.spread * over.sum())


def _first(p: Pairs, prepared: Prepared, options: Options) -> Bools:
    active = np.zeros(len(p.unit), dtype=bool)
    start = 0
    for group in prepared.classes:
        end = start + len(group.candidates)
        keep = options.first_columns + len(group.members)
        usable = p.most[start:end] > 0
        best = np.argsort(np.where(usable, -group.points, np.inf), kind="stable")[:keep]
        best = best[usable[best]]
        active[start + best] = True
        start = end
    return active


def solve(prepared: Prepared, options: Options) -> Answer:
    p = pairs_of(prepared)
    capacity = "capacity" not in prepared.disabled
    model = _Model(p, capacity, options)
    active = _first(p, prepared, options)
    model.add(np.flatnonzero(active))
    sizes = np.array([len(g.members) for g in prepared.classes], dtype=np.float64)
    bound = np.inf
    for _ in range(options.rounds):
        value, duals, relaxed = model.relax()
        reduced = reduced_costs(p, duals, capacity)
        reduced[active | (p.most == 0)] = 0.0
        best = np.zeros(p.n_classes)
        np.maximum.at(best, p.klass, np.maximum(reduced, 0.0))
        bound = min(bound, value + float(np.dot(best, sizes)))
        entering = entering_pairs(p.klass, reduced, options.entering)
        if len(entering) == 0:
            break
        active[entering] = True
        model.add(entering)
        relaxed = np.concatenate([relaxed, np.zeros(len(entering))])
    rounded = _rounded(p, prepared, model.cols, relaxed, capacity)
    greedy = _columns_of(p, prepared, greedy_assignment(prepared))
    missing = np.setdiff1d(greedy, model.cols)
    if len(missing):
        model.add(missing)
        rounded = np.concatenate([rounded, np.zeros(len(missing))])
    position = np.full(len(p.unit), -1, dtype=np.int64)
    position[model.cols] = np.arange(len(model.cols))
    counted = np.zeros(len(model.cols))
    np.add.at(counted, position[greedy], 1.0)
    start = rounded if model._points(rounded) >= model._points(counted) else counted
    start = _filled(p, model, sizes, start, capacity)
    relaxed = np.concatenate([relaxed, np.zeros(len(model.cols) - len(relaxed))])
    deadline, status, filled = time.monotonic() + options.time_limit, FILLED, start
    # The integer programme first near the relaxation (small, solved in about a second on a
    # large instance), then around the classes involved, then whole, while the gap is wider
    # than asked for and there is time. Both parts are where the filled plan disagrees with
    # the relaxation (measured, the plan after the first part gives a part with less to gain).
    for stage in ("near", "room", "classes", "all"):
        if bound - model._points(start) <= options.gap * abs(model._points(start)):
            break
        if time.monotonic() > deadline:
            status = TIME_LIMIT
            break
        if stage == "all" and len(model.cols) > options.whole_columns:
            status = PARTS
            break
        filled = np.concatenate([filled, np.zeros(len(model.cols) - len(filled))])
        free = neighbourhood(p, model.cols, relaxed, filled, start, stage)
        # Part of the programme is bounded by less than the whole: it is solved closer.
        gap = options.gap if stage == "all" else options.gap / 100
        start, status = model.integer(start, free, deadline, gap)
        if stage != "all" and bound - model._points(start) <= options.gap * abs(
            model._points(start)
        ):
            status = NEAR
    start = _filled(p, model, sizes, start, capacity)
    return Answer(counts=_counts(p, model.cols, start), bound=bound, status=status)


def _filled(p: Pairs, model: _Model, sizes: Floats, start: Floats, capacity: bool) -> Floats:
    """The better of ``start`` and ``start`` filled (``fill``), as values of the model's
    columns (which it may add to). Without capacity, nothing is left to fill."""
    if not capacity:
        return start
    filled = _column_values(
        p, model, fill(p, sizes.astype(np.int64), _counts(p, model.cols, start))
    )
    start = np.concatenate([start, np.zeros(len(filled) - len(start))])
    return filled if model._points(filled) >= model._points(start) else start


def _counts(p: Pairs, cols: Ints, values: Floats) -> Counts:
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for k in np.flatnonzero(values > 0):
        counts[(int(p.klass[cols[k]]), int(p.unit[cols[k]]))] += int(values[k])
    return dict(counts)


def _column_values(p: Pairs, model: _Model, counts: Counts) -> Floats:
    """The plan ``counts`` as values of the model's columns (adding the columns it lacks)."""
    first = np.searchsorted(p.klass, np.arange(p.n_classes + 1))
    pairs = sorted(counts)
    wanted = np.array(
        [first[c] + np.searchsorted(p.unit[first[c] : first[c + 1]], j) for c, j in pairs],
        dtype=np.int64,
    ).reshape(-1)
    missing = np.setdiff1d(wanted, model.cols)
    if len(missing):
        model.add(missing)
    position = np.full(len(p.unit), -1, dtype=np.int64)
    position[model.cols] = np.arange(len(model.cols))
    values = np.zeros(len(model.cols))
    values[position[wanted]] = [counts[pair] for pair in pairs]
    return values


def _columns_of(p: Pairs, prepared: Prepared, assignment: dict[int, int]) -> Ints:
    """The pair column of each household's unit in ``assignment`` (one entry per household)."""
    klass = {h: c for c, g in enumerate(prepared.classes) for h in g.members}
    first = np.searchsorted(p.klass, np.arange(p.n_classes))
    return np.array(
        [
            first[klass[h]] + np.searchsorted(prepared.classes[klass[h]].candidates, j)
            for h, j in sorted(assignment.items())
        ],
        dtype=np.int64,
    )


def _rounded(p: Pairs, prepared: Prepared, cols: Ints, relaxed: Floats, capacity: bool) -> Floats:
    """A whole-number plan near the relaxation: its values rounded down, then each class's
    remaining households into its best columns that still have room (the solver's start)."""
    y = np.floor(relaxed + TOLERANCE)
    room = room_left(p, cols, y, capacity)
    # Rounding down a move can leave its old unit over full: undo arrivals there, least
    # points first, until every unit fits (an undone move refills the unit it stays in).
    while (room < -TOLERANCE).any():
        u = int(np.argmin(room))
        arriving = np.flatnonzero((p.unit[cols] == u) & (p.leave[cols] != u) & (y > 0))
        k = int(arriving[np.argmin(p.points[cols][arriving])])
        y[k] -= 1
        room[u] += p.size[cols[k]]
        if p.leave[cols[k]] >= 0:
            room[p.leave[cols[k]]] -= p.size[cols[k]]
    by_class: dict[int, list[int]] = {}
    for k in np.argsort(-p.points[cols], kind="stable"):
        by_class.setdefault(int(p.klass[cols[k]]), []).append(int(k))
    for c, group in enumerate(prepared.classes):
        ks = by_class.get(c, [])
        left = len(group.members) - int(sum(y[k] for k in ks))
        for k in ks:
            while left > 0:
                j, leave, size = int(p.unit[cols[k]]), int(p.leave[cols[k]]), p.size[cols[k]]
                if j != leave and room[j] < size:
                    break
                y[k] += 1
                left -= 1
                if j != leave:
                    room[j] -= size
                    if leave >= 0:
                        room[leave] += size
    return y
