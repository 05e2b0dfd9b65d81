"""PostgreSQL: a rebuild writes fresh tables and puts them in place of the old ones at the end.

Emptying the projections row by row and loading them again costs PostgreSQL most of its share
of a rebuild: every old row is deleted (and its cascade checked), every new row checks its
foreign key and enters every index one at a time. ``Swap`` instead creates an empty twin of
each table (``LIKE … INCLUDING ALL EXCLUDING INDEXES``: columns, defaults, checks, storage and
compression, no index), into which the rebuild ``COPY``-s its rows; ``finish`` then, in the same
transaction, drops the old tables, gives each twin its table's name, and recreates every
primary key, unique constraint, index and foreign key from the definitions the database itself
gave for the old tables (``pg_get_constraintdef``, ``pg_get_indexdef``), each index built in
one pass and each foreign key checked in one query, then grants what was granted and gathers
the planner's statistics (``ANALYZE``).

All of it is one transaction, so an interrupted rebuild leaves the old tables as they were.
Readers keep reading the old tables while the rebuild runs (it holds them in ``EXCLUSIVE``
mode, which lets readers in); dropping them waits until the readers that are using them end,
and readers that come after wait for the commit, a moment. A reader whose snapshot is older
than the commit and that first touches a projection after it sees it empty (PostgreSQL's rule
for a table rewritten in a transaction): the rebuild is an administrator's task, run when the
store is quiet.

``Swap.prepare`` returns None when the tables cannot be swapped safely: another table's foreign
key or a view depends on them, they carry triggers or row security, a publication names them,
or this role does not own them. The rebuild then empties and fills them in place, as it always
could.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psycopg import Cursor
from sqlalchemy import Connection, Table

#: The suffix of a table's twin while the rebuild fills it.
SUFFIX = "_rebuild"

#: Why a table cannot be swapped (any row found: it cannot): a foreign key from a table outside
#: the set, a view or rule on it, a trigger of its own, row security, another owner, a
#: publication naming it (logical replication).
_OBSTACLES = """
SELECT c.relname FROM pg_class c
WHERE c.oid = ANY(%(oids)s::oid[]) AND (
    c.relrowsecurity
    OR NOT pg_has_role(c.relowner, 'MEMBER')
    OR EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)
    OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.confrelid = c.oid
               AND NOT k.conrelid = ANY(%(oids)s::oid[]))
    OR EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON d.objid = r.oid
               WHERE d.refobjid = c.oid AND r.ev_class <> c.oid)
    OR EXISTS (SELECT 1 FROM pg_publication_rel p WHERE p.prrelid = c.oid)
)
"""

#: Constraints backed by an index or pointing elsewhere (kept by name and definition): primary
#: keys and unique and exclusion constraints first, foreign keys last.
_CONSTRAINTS = """
SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
WHERE k.conrelid = ANY(%(oids)s::oid[]) AND k.contype IN ('p', 'u', 'x', 'f')
ORDER BY k.contype = 'f', c.relname, k.conname
"""

#: Indexes that no constraint owns, as the statements that create them.
_INDEXES = """
SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
WHERE i.indrelid = ANY(%(oids)s::oid[])
AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY i.indexrelid
"""

#: What was granted on the tables to roles other than their owner.
_GRANTS = """
SELECT c.relname, a.privilege_type,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END, a.is_grantable
FROM pg_class c, aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
WHERE c.oid = ANY(%(oids)s::oid[]) AND a.grantee <> c.relowner
"""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Swap:
    """The twins of some tables, named by table name, in the old tables' schema."""

    schema: str
    #: The tables in the order given (referenced tables before the ones referring to them).
    tables: list[str]
    oids: list[int]
    options: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def prepare(cls, conn: Connection, tables: list[Table]) -> Swap | None:
        """Create an empty twin of each table, or None when they cannot be swapped."""
        cursor = _cursor(conn)
        names = [t.name for t in tables]
        cursor.execute(
            "SELECT c.relname, c.oid, n.nspname, c.reloptions, c.relowner::regrole::text "
            "FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.oid = ANY(SELECT to_regclass(name)::oid "
            "FROM unnest(%(names)s::text[]) AS name)",
            {"names": names},
        )
        found = {row[0]: row[1:] for row in cursor}
        schemas = {row[1] for row in found.values()}
        if set(found) != set(names) or len(schemas) != 1:
            return None
        oids = [found[name][0] for name in names]
        cursor.execute(_OBSTACLES, {"oids": oids})
        if cursor.fetchall():
            return None
        swap = cls(schemas.pop(), names, oids)
        swap.options = {name: found[name][2] or [] for name in names}
        for name in names:
            cursor.execute(
                f"CREATE TABLE {swap.twin(name)} "
                f"(LIKE {swap.qualified(name)} INCLUDING ALL EXCLUDING INDEXES)"
            )
            cursor.execute(f"ALTER TABLE {swap.twin(name)} OWNER TO {found[name][3]}")
        return swap

    def qualified(self, name: str) -> str:
        return f"{_quoted(self.schema)}.{_quoted(name)}"

    def twin(self, name: str) -> str:
        """The qualified name of ``name``'s twin (where the rebuild writes its rows)."""
        return self.qualified(name + SUFFIX)

    def finish(self, conn: Connection) -> None:
        """Put the twins in the old tables' place, with their constraints, indexes and grants."""
        cursor = _cursor(conn)
        args = {"oids": self.oids}
        cursor.execute(_CONSTRAINTS, args)
        constraints = cursor.fetchall()
        cursor.execute(_INDEXES, args)
        indexes = [definition for (definition,) in cursor.fetchall()]
        cursor.execute(_GRANTS, args)
        grants = cursor.fetchall()
        cursor.execute("DROP TABLE " + ", ".join(self.qualified(n) for n in self.tables))
        for name in self.tables:
            cursor.execute(f"ALTER TABLE {self.twin(name)} RENAME TO {_quoted(name)}")
            if self.options[name]:
                cursor.execute(
                    f"ALTER TABLE {self.qualified(name)} SET ({', '.join(self.options[name])})"
                )
        foreign = [c for c in constraints if c[2].startswith("FOREIGN KEY")]
        for table, name, definition in [c for c in constraints if c not in foreign]:
            cursor.execute(
                f"ALTER TABLE {self.qualified(table)} ADD CONSTRAINT {_quoted(name)} {definition}"
            )
        for definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign:
            cursor.execute(
                f"ALTER TABLE {self.qualified(table)} ADD CONSTRAINT {_quoted(name)} {definition}"
            )
        for table, privilege, grantee, grantable in grants:
            option = " WITH GRANT OPTION" if grantable else ""
            cursor.execute(f"GRANT {privilege} ON {self.qualified(table)} TO {grantee}{option}")
        cursor.execute("ANALYZE " + ", ".join(self.qualified(n) for n in self.tables))


def _cursor(conn: Connection) -> Cursor[Any]:
    driver = conn.connection.driver_connection
    assert driver is not None
    cursor: Cursor[Any] = driver.cursor()
    return cursor
