"""Idempotency keys are the writer's own: unique per (actor, key), no longer across the store.

Until now a key was unique across every stream and every writer. Whoever knew a key that
somebody else would use later could record an event with it first: the lapse job's keys
(``lapse:CASE:KEY:DUE``) can be read off any case's deadlines, so one planted key stopped the
lapses of every case, and a conflict named the case that held the key (security probe
2026-12, F3 and F11). A key now only has to be unique among the events of one actor: a client's
retry still finds its first answer (same actor, same key), and no other actor's key, planted or
not, can collide with it. ``docs/store.md`` says why the actor and not the case is the scope.

The existing rows stay as they are: keys unique across the store are unique per actor too.
A downgrade restores the store-wide constraint, which fails if two actors have used the same
key since.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("uq_events_idempotency_key", type_="unique")
        batch.create_unique_constraint(
            "uq_events_actor_idempotency_key", ["actor", "idempotency_key"]
        )


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("uq_events_actor_idempotency_key", type_="unique")
        batch.create_unique_constraint("uq_events_idempotency_key", ["idempotency_key"])
