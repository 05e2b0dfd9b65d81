"""Fresh copies of a migrated PostgreSQL database for the tests, made once and used again.

``CREATE DATABASE … TEMPLATE`` costs the server 0.15–0.35 s (it writes the whole catalog, about
8 MB, to the WAL) and ``DROP DATABASE`` more; over a thousand PostgreSQL tests that was a third
of the suite's time and half of the machine's CPU spent by the server. So a database a test is
done with is emptied and used again: its connections are ended, the tables with rows are
truncated (the template holds none), every sequence is set back to its start, and a
fingerprint of everything a test could have changed besides rows (tables, columns, defaults,
constraints, indexes, triggers and whether they are enabled, functions, policies, grants,
sequences, the migration version) is compared with the template's. Only an equal database is
used again; any other is dropped, so a test that changed the schema or a grant leaves nothing
behind. The next test sees what a new copy would show it.

Emptying goes out on a connection of its own and is collected when a database is needed
(libpq's asynchronous calls), so the server empties while the next test runs; drops likewise.
No thread is involved, so a test that forks (the parallel rebuild) forks nothing half-done.
"""

from __future__ import annotations

import collections
import uuid

import psycopg
from psycopg import pq
from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import make_url

from migrationpact.store.database import normalise_url

#: One text (an md5) of the database's definitions, grants and migration version.
FINGERPRINT = """
SELECT md5(string_agg(item, E'\\n' ORDER BY item)) FROM (
  SELECT concat_ws(' ', 'rel', n.nspname, c.relname, c.relkind, c.relacl::text,
                   c.relrowsecurity, c.relforcerowsecurity, c.relpersistence) AS item
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  UNION ALL
  SELECT concat_ws(' ', 'col', a.attrelid::regclass::text, a.attname, a.atttypid::regtype::text,
                   a.attnotnull, a.attisdropped, a.attidentity, a.attgenerated,
                   pg_get_expr(d.adbin, d.adrelid), a.attacl::text)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND a.attnum > 0
  UNION ALL
  SELECT concat_ws(' ', 'con', conrelid::regclass::text, conname, convalidated,
                   pg_get_constraintdef(oid))
    FROM pg_constraint WHERE connamespace::regnamespace::text NOT IN
         ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT concat_ws(' ', 'idx', indexrelid::regclass::text, pg_get_indexdef(indexrelid))
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  UNION ALL
  SELECT concat_ws(' ', 'trg', tgrelid::regclass::text, tgname, tgenabled::text,
                   pg_get_triggerdef(oid))
    FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL
  SELECT concat_ws(' ', 'fn', p.proname, md5(p.prosrc), p.proacl::text, p.proconfig::text)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT concat_ws(' ', 'pol', polrelid::regclass::text, polname, polcmd::text,
                   pg_get_expr(polqual, polrelid))
    FROM pg_policy
  UNION ALL
  SELECT concat_ws(' ', 'seq', seqrelid::regclass::text, seqstart, seqincrement, seqmin, seqmax)
    FROM pg_sequence
  UNION ALL
  SELECT concat_ws(' ', 'nsp', nspname, nspacl::text) FROM pg_namespace
  UNION ALL
  SELECT concat_ws(' ', 'acl', defaclrole, defaclobjtype::text, defaclacl::text)
    FROM pg_default_acl
  UNION ALL
  SELECT concat_ws(' ', 'db', datacl::text) FROM pg_database WHERE datname = current_database()
  UNION ALL
  SELECT concat_ws(' ', 'set', setconfig::text) FROM pg_db_role_setting s
    JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database()
  UNION ALL
  SELECT concat_ws(' ', 'ext', extname, extversion) FROM pg_extension
  UNION ALL
  SELECT 'version ' || version_num FROM alembic_version
) AS definitions
"""


def database_url(base: str, name: str) -> str:
    return make_url(normalise_url(base)).set(database=name).render_as_string(hide_password=False)


class Copies:
    """Empty migrated databases for the tests: ``take`` one, ``give_back`` it when done."""

    def __init__(self, base: str, template: str) -> None:
        self.base, self.template = base, template
        with psycopg.connect(make_conninfo(base, dbname=template)) as conn:
            self.fingerprint = conn.execute(FINGERPRINT).fetchone()
            tables = [
                name
                for (name,) in conn.execute(
                    "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'"
                    " AND tablename <> 'alembic_version' ORDER BY tablename"
                )
            ]
            for name in tables:  # what is truncated must be what the template has: nothing
                assert conn.execute(f"SELECT count(*) FROM {name}").fetchone() == (0,), name
            # Every sequence back to its start (a refused insert moves it on, rows or not).
            sequences = conn.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), start_value"
                " FROM pg_sequences"
            ).fetchall()
        # Only the template's own tables: one a test added fails the fingerprint and is dropped.
        # Truncating is costly (new files for a table and its indexes): only those with rows.
        self._empty = f"""
            SET session_replication_role = replica;  -- past the append-only triggers
            DO $$
            DECLARE name text; filled text[] := '{{}}'; found boolean;
            BEGIN
              FOREACH name IN ARRAY ARRAY[{", ".join(f"'{t}'" for t in tables)}] LOOP
                EXECUTE format('SELECT EXISTS (SELECT FROM %s)', name) INTO found;
                IF found THEN filled := filled || name; END IF;
              END LOOP;
              IF cardinality(filled) > 0 THEN
                EXECUTE 'TRUNCATE ' || array_to_string(filled, ', ');
              END IF;
            END $$;
            RESET session_replication_role;
            {"".join(f"SELECT setval('{seq}', {start}, false);" for seq, start in sequences)}
            {FINGERPRINT}"""
        self._emptying: collections.deque[tuple[str, psycopg.Connection]] = collections.deque()
        self._ready: list[str] = []
        self._kept = 0
        self._dropping: list[psycopg.Connection] = []

    #: Databases a test process keeps (ready, being emptied or in use) before it waits for one
    #: being emptied (about 0.1 s) rather than make a new one (0.15–0.35 s, and a drop later).
    KEPT = 6

    def take(self) -> str:
        """The name of an empty migrated database no other test holds."""
        self._collect(wait=False)
        while not self._ready and self._emptying and self._kept >= self.KEPT:
            self._collect(wait=True)
        self._kept += not self._ready
        if self._ready:
            return self._ready.pop()
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.base, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}" STRATEGY WAL_LOG')
        return name

    def give_back(self, name: str) -> None:
        """``name`` is no longer used by its test: empty it for the next one."""
        with psycopg.connect(self.base, autocommit=True) as conn:  # a test may leave some open
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
        emptying = self._send(make_conninfo(self.base, dbname=name), self._empty)
        self._emptying.append((name, emptying))

    def close(self) -> None:
        while self._emptying:
            self._collect(wait=True)
        for name in self._ready:
            self._drop(name)
        for conn in self._dropping:
            self._last_answer(conn)
        self._ready, self._dropping, self._kept = [], [], 0

    def _collect(self, *, wait: bool) -> None:
        """Use again the emptied databases that are as the template; drop the others."""
        while self._emptying and (wait or self._done(self._emptying[0][1])):
            name, conn = self._emptying.popleft()
            # A test that downgraded the schema has tables missing: the emptying is refused.
            if (self._last_answer(conn, refusal_fails=False),) == self.fingerprint:
                self._ready.append(name)
            else:
                self._drop(name)
                self._kept -= 1
            wait = False
        for conn in [conn for conn in self._dropping if self._done(conn)]:
            self._dropping.remove(conn)
            self._last_answer(conn)

    def _drop(self, name: str) -> None:
        self._dropping.append(self._send(self.base, f'DROP DATABASE "{name}" WITH (FORCE)'))

    @staticmethod
    def _send(url: str, sql: str) -> psycopg.Connection:
        conn = psycopg.connect(url, autocommit=True)
        conn.pgconn.send_query(sql.encode())
        return conn

    @staticmethod
    def _done(conn: psycopg.Connection) -> bool:
        conn.pgconn.consume_input()
        return not conn.pgconn.is_busy()

    @staticmethod
    def _last_answer(conn: psycopg.Connection, *, refusal_fails: bool = True) -> str | None:
        """Wait for what was sent on ``conn`` and close it: the first value of the last query's
        answer. A refusal by the server fails loudly, or is ``None`` if not ``refusal_fails``."""
        value: str | None = None
        try:
            while (result := conn.pgconn.get_result()) is not None:
                if result.status == pq.ExecStatus.TUPLES_OK:
                    cell = result.get_value(0, 0)
                    value = None if cell is None else cell.decode()
                elif result.status != pq.ExecStatus.COMMAND_OK:
                    if not refusal_fails:
                        return None
                    message = (result.error_message or b"").decode(errors="replace")
                    raise RuntimeError(f"PostgreSQL refused a test database: {message}")
        finally:
            conn.close()
        return value
