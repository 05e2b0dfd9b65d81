"""Case assignments: which named person (a legal counsellor) works on which case.

A legal counsellor sees only the cases assigned to them; the IND records the assignment when
counselling is requested (APR Art. 16–17).
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, exists, insert, select

from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.eventstore import utc_now
from migrationpact.store.tables import case_assignments


def assign(
    engine: Engine, *, case_id: str, assignee: str, organisation: str, assigned_by: str
) -> bool:
    """Assign ``assignee`` to the case; False when they already were (nothing written)."""
    with write_transaction(engine) as conn:
        if _is_assigned(conn, case_id=case_id, assignee=assignee):
            return False
        conn.execute(
            insert(case_assignments).values(
                case_id=case_id,
                assignee=assignee,
                organisation=organisation,
                assigned_by=assigned_by,
                assigned_at=utc_now(),
            )
        )
    return True


def unassign(engine: Engine, *, case_id: str, assignee: str) -> bool:
    """End an assignment; False when there was none."""
    with write_transaction(engine) as conn:
        result = conn.execute(
            delete(case_assignments).where(
                case_assignments.c.case_id == case_id, case_assignments.c.assignee == assignee
            )
        )
    return bool(result.rowcount)


def is_assigned(engine: Engine, *, case_id: str, assignee: str) -> bool:
    with read_transaction(engine) as conn:
        return _is_assigned(conn, case_id=case_id, assignee=assignee)


def assigned_cases(engine: Engine, *, assignee: str) -> list[str]:
    """The case ids assigned to ``assignee``, sorted."""
    query = (
        select(case_assignments.c.case_id)
        .where(case_assignments.c.assignee == assignee)
        .order_by(case_assignments.c.case_id)
    )
    with read_transaction(engine) as conn:
        return list(conn.execute(query).scalars())


def assignees(engine: Engine, *, case_id: str) -> list[str]:
    query = (
        select(case_assignments.c.assignee)
        .where(case_assignments.c.case_id == case_id)
        .order_by(case_assignments.c.assignee)
    )
    with read_transaction(engine) as conn:
        return list(conn.execute(query).scalars())


def _is_assigned(conn: Connection, *, case_id: str, assignee: str) -> bool:
    query = select(
        exists().where(
            case_assignments.c.case_id == case_id, case_assignments.c.assignee == assignee
        )
    )
    return bool(conn.execute(query).scalar())
