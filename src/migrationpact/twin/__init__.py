"""The chain twin: simulated people pass through the real domain, in memory, under a ``Law``.

A scenario (``twin.scenario``: arrivals, staffing, capacities, rates and the law, each figure
with its source) is run by a discrete-event kernel (``twin.kernel``, SimPy): every simulated
person is a process that waits for screening staff, IND caseworkers, border places, courts and
reception places, and every step they take is a real case event decided by
``cases.machine.decide`` under the scenario's ``Law``, with the daily lapse job played between
steps. Monte Carlo replications (``twin.montecarlo``) run from seeds and give confidence bands.
"""
