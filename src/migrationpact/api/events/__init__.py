"""Events of a case: append one (``If-Match`` + ``Idempotency-Key``), read the timeline."""
