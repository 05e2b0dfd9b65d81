"""``python -m bench`` (``make bench``): run every benchmark in turn; a failing one fails the run.

``python -m bench NAME ...`` runs only the benchmarks named. To add a benchmark, write a module
here whose ``main()`` prints its figures and returns an exit code, and list it in ``BENCHMARKS``.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

from bench import cli, eurostat, load, periods, placement, signin, store, twin, twin_engines

BENCHMARKS: dict[str, Callable[[], int]] = {
    "periods": periods.main,
    "store": store.main,
    "load": load.main,
    "signin": signin.main,
    "cli": cli.main,
    "placement": placement.main,
    "twin": twin.main,
    "twin_engines": twin_engines.main,
    "eurostat": eurostat.main,
}


def run(names: list[str]) -> int:
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)} (known: {', '.join(BENCHMARKS)})")
        return 2
    failed = []
    for name in names or list(BENCHMARKS):
        print(f"== {name}", flush=True)
        try:
            code = BENCHMARKS[name]()
        except Exception:  # one crashing benchmark must not keep the others from running
            traceback.print_exc()
            code = 1
        if code != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
