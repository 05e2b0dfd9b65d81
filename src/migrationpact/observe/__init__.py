"""Observing the running service: Prometheus metrics, structured logs and tracing.

The package sits at the bottom of the layers beside ``jsontext`` and knows nothing of the
domain: the store, the use cases and the composition root count into its metrics
(``observe.metrics``), the edge of the service times every request by its route template
(``observe.http``), the command line sets up its JSON logs (``observe.logs``) and, when a setting
asks for it, OpenTelemetry tracing (``observe.tracing``). What it records never names a person:
labels are route templates, event types, rule ids, organisation codes and outcomes
(docs/operations.md).
"""
