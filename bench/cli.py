"""How long the command line takes to answer a small question, start to exit.

``migrationpact period --from 2026-08-31 --length "2 months"`` runs in a fresh interpreter, as a
person at a terminal runs it, beside the interpreter doing nothing (``python -c pass``); the two
alternate, so a busy moment of the machine weighs on both. The median and the fastest run of
each are printed, and the command's median over the baseline's. Most of a start-up is imports:
the command line imports a subcommand's modules only when it runs (``cli.main``).

    python -m bench cli          # make bench
    python -m bench.cli [--runs N]

Exit 0 when every run of the command succeeded, whatever the times; 1 otherwise.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

COMMAND = ("-m", "migrationpact", "period", "--from", "2026-08-31", "--length", "2 months")
BASELINE = ("-c", "pass")
GOAL_SECONDS = 0.25


def timed(args: Sequence[str]) -> tuple[float, int]:
    """Seconds from start to exit of ``python *args``, and its exit code."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, done.returncode


@dataclass(frozen=True)
class Timings:
    command: list[float]
    baseline: list[float]
    failures: int

    def lines(self) -> list[str]:
        def row(name: str, times: list[float]) -> str:
            return (
                f"{name:<48} median {statistics.median(times):.3f} s, "
                f"fastest {min(times):.3f} s ({len(times)} runs)"
            )

        median = statistics.median(self.command)
        ratio = median / statistics.median(self.baseline)
        met = "met" if median < GOAL_SECONDS else "NOT met"
        return [
            row("migrationpact period (start to exit)", self.command),
            row("python -c pass (baseline)", self.baseline),
            f"ratio (medians): {ratio:.1f}× the bare interpreter; "
            f"goal median < {GOAL_SECONDS} s: {met}",
        ]


def measure(runs: int) -> Timings:
    command: list[float] = []
    baseline: list[float] = []
    failures = 0
    timed(COMMAND)  # the first run fills the file cache and writes the bytecode
    for _ in range(runs):
        seconds, code = timed(COMMAND)
        command.append(seconds)
        failures += code != 0
        baseline.append(timed(BASELINE)[0])
    return Timings(command, baseline, failures)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cli", description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default 15)")
    args = parser.parse_args(argv if argv is not None else [])
    timings = measure(max(args.runs, 1))
    print("\n".join(timings.lines()))
    if timings.failures:
        print(f"{timings.failures} run(s) of the command failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
