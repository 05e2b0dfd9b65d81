"""The demo's finished twin run: the analysts find one run with its summary on their pages.

``load_demo_twin_run`` runs the shipped ``small`` scenario (40 first applications a month for
three months) ``REPLICATIONS`` times from ``SEED`` in this process, which takes seconds, and
stores it as a finished run under the key ``DEMO_KEY``, asked for by the demo analyst. Loading
again finds the run by its key and runs nothing: the demo has one finished run, whatever the
number of loads. A run stored done at once is never claimed by a server's runner.
"""

from __future__ import annotations

import json

from sqlalchemy.exc import IntegrityError

from migrationpact.services.twin_runs import shipped
from migrationpact.store.eventstore import EventStore
from migrationpact.store.twin_runs import add_run, demo_run
from migrationpact.twin.scenario import parse_scenario

DEMO_KEY = "demo:twin-small"
SCENARIO = "small"
REPLICATIONS = 3
SEED = 1
#: Who asked for it: the demo's ministry analyst (``demo.users``).
ANALYST = "analyst"


def load_demo_twin_run(store: EventStore) -> tuple[int, bool]:
    """The demo's finished run (its id) and whether this load made it."""
    found = demo_run(store.engine, DEMO_KEY)
    if found is not None:
        return found.run_id, False
    # The kernel (numpy, SimPy) loads only when the demo runs it: the server imports the demo's
    # users through this package (tests/integration/test_server_startup.py).
    from migrationpact.twin.montecarlo import run_many
    from migrationpact.twin.summary import summary_of

    chosen = shipped(SCENARIO)
    runs = run_many(
        parse_scenario(chosen.text, f"{chosen.name}.yaml"), REPLICATIONS, SEED, parallel=False
    )
    try:
        run_id = add_run(
            store.engine,
            scenario=chosen.name,
            title=chosen.title,
            scenario_hash=chosen.digest,
            scenario_text=chosen.text,
            seed=SEED,
            replications=REPLICATIONS,
            requested_by=ANALYST,
            now=store.clock(),
            demo_key=DEMO_KEY,
            summary=json.dumps(summary_of(runs), allow_nan=False),
        )
    except IntegrityError:  # another load stored it meanwhile
        again = demo_run(store.engine, DEMO_KEY)
        assert again is not None
        return again.run_id, False
    return run_id, True
