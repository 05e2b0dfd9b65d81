"""The store's tables: the append-only ``events`` and the projections built from them.

``events`` is the record, append-only (triggers refuse UPDATE, DELETE, REPLACE and TRUNCATE:
revision 0009): one row per event of a stream (a case, or a stream of another kind:
``stream_type``), numbered per stream (``seq`` 1, 2, …, unique with the stream), hash-chained per
stream (``prev_hash`` → ``hash``), with an optional idempotency key that is unique per actor
(revision 0008: a key is the writer's own, so nobody else's key can collide with it). The
projections ``case_states`` (one row per case: the state after its last event, as JSON plus a
few columns to filter on) and ``deadlines`` (one row per deadline of a case, open or closed: its
dates, and for the worklist its title and citations) are derived data: ``rebuild`` recreates
them from ``events``.

Times: ``occurred_at`` is the naive local time the event happened (as the domain states it);
``recorded_at`` and ``updated_at`` are naive UTC. ``due_on`` is the day a deadline ends;
``due_at`` the moment when the deadline is counted in hours (else NULL: the end of ``due_on``);
``due_end`` is the exclusive end used for ordering (``due_at``, or midnight after ``due_on``);
``alert_on`` / ``alert_at`` follow the same pattern for the alert. ``closed_at`` is the naive local
moment a deadline was closed (for a lapse: the moment it ran out); ``late`` says it was met at or
after its end, ``days_late`` by how many calendar days (``cases.lateness``).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def json_columns(*tables: Table) -> frozenset[str]:
    """The names of the JSON columns of ``tables`` (what bulk writers pass on as JSON text).

    >>> sorted(json_columns(case_states, deadlines))
    ['state']
    """
    return frozenset(c.name for t in tables for c in t.columns if isinstance(c.type, JSON))


#: A 64-bit key on PostgreSQL; SQLite only auto-increments ``INTEGER PRIMARY KEY``.
BigId = BigInteger().with_variant(Integer(), "sqlite")

events = Table(
    "events",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    #: The kind of stream the event belongs to (``streams``): ``case``, or another kind.
    Column("stream_type", String(32), nullable=False, server_default="case"),
    #: The stream's id: for a case stream, the case id.
    Column("case_id", String(64), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("type", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("occurred_at", DateTime, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("organisation", String(64), nullable=False),
    Column("rule_set_version", String(80), nullable=False),
    Column("idempotency_key", String(200), nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("stream_type", "case_id", "seq"),
    UniqueConstraint("actor", "idempotency_key"),
    Index(None, "hash"),
    Index(None, "type", "occurred_at"),
)

case_states = Table(
    "case_states",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("stage", String(64), nullable=False),
    Column("procedure", String(64), nullable=False),
    Column("examination", String(64), nullable=False),
    Column("responsibility_regime", String(64), nullable=False),
    Column("state", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index(None, "stage"),
)

deadlines = Table(
    "deadlines",
    metadata,
    Column(
        "case_id",
        String(64),
        ForeignKey("case_states.case_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("key", String(128), nullable=False),
    Column("rule_id", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("organisation", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("started_on", Date, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("due_at", DateTime, nullable=True),
    Column("due_end", DateTime, nullable=False),
    Column("alert_on", Date, nullable=False),
    Column("alert_at", DateTime, nullable=True),
    Column("maximum", Boolean, nullable=False),
    Column("law_date", Date, nullable=False),
    Column("rule_set_version", String(80), nullable=False),
    Column("verified", Boolean, nullable=False),
    Column("citations", Text, nullable=False),
    Column("consequence", Text, nullable=True),
    Column("opened_by_seq", Integer, nullable=False),
    Column("closed_by_seq", Integer, nullable=True),
    Column("closed_reason", Text, nullable=True),
    # When it was closed, and whether (by how many calendar days) it was met late
    # (``cases.lateness``; revision 0011): the exceeded-limits list filters on them in SQL.
    Column("closed_at", DateTime, nullable=True),
    Column("late", Boolean, nullable=False),
    Column("days_late", Integer, nullable=True),
    PrimaryKeyConstraint("case_id", "key"),
    # Matches the worklist's ORDER BY, so its first page is an index scan that stops early.
    Index(None, "organisation", "status", "due_end", "case_id", "key"),
    # The exceeded-limits list: lapsed, met late and overdue rows by the moment they ended.
    Index(None, "status", "late", "due_end"),
)

#: The person of each case, for finding cases by V-number, pseudonym or name (revision 0013):
#: one row per case, from its state's ``person`` (all NULL/empty while no person is recorded).
#: ``names`` is the names as recorded, joined by spaces, for showing; ``search_names`` is the
#: same in the form a search compares (``store.people.search_text``: lower case, no accents,
#: one space between words and one at either end). ``health_referral`` (revision 0016) is where
#: COA's latest assessment referred the person, with their consent (``doctor``, ``psychologist``;
#: NULL: not referred): the cases the health partner may open.
case_people = Table(
    "case_people",
    metadata,
    Column(
        "case_id",
        String(64),
        ForeignKey("case_states.case_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("pseudonym", String(200), nullable=True),
    Column("v_number", String(10), nullable=True),
    Column("names", Text, nullable=False),
    Column("search_names", Text, nullable=False),
    Column("health_referral", String(16), nullable=True),
    Index(None, "v_number"),
    Index(None, "pseudonym"),
    Index(None, "health_referral"),
)

#: The facts Eurostat's tables count (revision 0018; ``store.facts``): one row per fact of a
#: case (``n`` numbers them within the case): an application made, a first-instance decision,
#: a withdrawal, a decision on appeal, the time an application was pending, a Dublin request,
#: reply or transfer. ``on_day`` is the day of the fact, ``until_day`` the day a pending
#: application ended (NULL: still pending); ``person`` is the pseudonymous person id (a keyed
#: hash of the V-number, never the V-number), ``citizen``, ``sex`` and ``age`` are Eurostat's
#: codes (the age class on ``on_day``; ``birth`` for the age at another day), ``code`` the
#: applicant type, decision or reply code, ``partner`` the other member state.
case_facts = Table(
    "case_facts",
    metadata,
    Column(
        "case_id",
        String(64),
        ForeignKey("case_states.case_id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("n", Integer, nullable=False),
    Column("fact", String(16), nullable=False),
    Column("on_day", Date, nullable=False),
    Column("until_day", Date, nullable=True),
    Column("person", String(64), nullable=False),
    Column("citizen", String(8), nullable=False),
    Column("sex", String(3), nullable=False),
    Column("birth", Date, nullable=True),
    Column("age", String(8), nullable=False),
    Column("uam", Boolean, nullable=False),
    Column("code", String(16), nullable=True),
    Column("direction", String(3), nullable=True),
    Column("partner", String(8), nullable=True),
    Column("request", String(16), nullable=True),
    Column("leg_prov", String(16), nullable=True),
    PrimaryKeyConstraint("case_id", "n"),
    # Every table reads one kind of fact in one period.
    Index(None, "fact", "on_day"),
)

#: The state of every stream of a kind other than cases (revision 0007), one row per stream:
#: what its projector (``projectors.StreamStates``) keeps, so the next append decides on it.
stream_states = Table(
    "stream_states",
    metadata,
    Column("stream_type", String(32), nullable=False),
    Column("stream_id", String(64), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("state", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    PrimaryKeyConstraint("stream_type", "stream_id"),
)

# --- the service's tables (revision 0003) --------------------------------------------------

#: Every read of personal data and every refused attempt: who, what, when, why. Rows are only
#: ever inserted; triggers refuse UPDATE, DELETE, REPLACE and TRUNCATE (revision 0009), no API
#: route writes or changes them, and the rows are hash-chained in id order (``prev_hash`` →
#: ``hash``, ``store.accesslog``).
access_log = Table(
    "access_log",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("organisation", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("action", String(64), nullable=False),
    Column("resource", String(200), nullable=False),
    Column("case_id", String(64), nullable=True),
    Column("fields", JSON, nullable=False),
    Column("purpose", String(200), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("request_id", String(64), nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index(None, "case_id", "at"),
    Index(None, "actor", "at"),
)

#: Server-side web sessions. Only the SHA-256 of the session token is stored, so a copy of the
#: table does not let anyone sign in.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(128), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("language", String(8), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    #: Who the identity provider said the person is (JSON; NULL: a user of the users file).
    Column("identity", Text, nullable=True),
    Index(None, "username"),
)

#: Which legal counsellor (or other named person) is assigned to which case.
case_assignments = Table(
    "case_assignments",
    metadata,
    Column("case_id", String(64), nullable=False),
    Column("assignee", String(128), nullable=False),
    Column("organisation", String(64), nullable=False),
    Column("assigned_by", String(128), nullable=False),
    Column("assigned_at", DateTime, nullable=False),
    PrimaryKeyConstraint("case_id", "assignee"),
    Index(None, "assignee"),
)

# --- the sign-in lockout (revision 0005) ---------------------------------------------------

#: Failed sign-in attempts, one row each, counted by every server process alike. The username
#: is kept only as the SHA-256 of a fixed prefix and the username (``subject_hash``), because
#: people sometimes type their password into the username field. Recording a failure deletes
#: the rows older than the lockout window, so the table holds minutes of attempts, not years.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("subject_hash", String(64), nullable=False),
    Column("failed_at", DateTime, nullable=False),
    # The SHA-256 of the client's address (revision 0010): the hard lock is per username and
    # client, so that a stranger cannot lock the owner out. Older rows have none.
    Column("client_hash", String(64), nullable=True),
    # Counting one username's recent failures reads this index alone.
    Index(None, "subject_hash", "failed_at"),
    # Deleting every username's old rows is a range scan, not a table scan.
    Index(None, "failed_at"),
)

# --- the development issuer's tokens (revision 0010) -------------------------------------

#: Tokens the built-in development issuer handed out at its token endpoint, so that they can
#: be revoked: by their id (``jti``) or, at sign-out, every token of a subject. A token whose
#: ``revoked_at`` is set is refused until it expires; rows past ``expires_at`` are deleted.
issued_tokens = Table(
    "issued_tokens",
    metadata,
    Column("jti", String(64), primary_key=True),
    Column("subject", String(128), nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    Index(None, "subject"),
    Index(None, "expires_at"),
)

# --- the lapse job's lease (revision 0012) ----------------------------------------------

#: Who runs the lapse job now, and until when (SQLite; PostgreSQL uses an advisory lock): one
#: row per job, taken only when free or expired (``store.lapse_runner``).
lapse_runner = Table(
    "lapse_runner",
    metadata,
    Column("job", String(32), primary_key=True),
    Column("holder", String(128), nullable=True),
    Column("expires_at", DateTime, nullable=True),
)

# --- reception sites and units (revision 0014) --------------------------------------------

#: One row per reception site (a stream of kind ``reception-site``): where it is, its type, its
#: status and dates, its municipality's consent, and the places of its open units, for lists in
#: SQL (``store.reception_sites``). Derived from the site's events like ``case_states``.
reception_sites = Table(
    "reception_sites",
    metadata,
    Column("site_id", String(64), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("municipality", String(6), nullable=False),
    Column("location_type", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("opened_on", Date, nullable=True),
    Column("closed_on", Date, nullable=True),
    Column("consent_status", String(16), nullable=True),
    Column("capacity", Integer, nullable=False),
    Column("occupied", Integer, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index(None, "location_type"),
    Index(None, "municipality"),
)

#: One row per unit of a site: its places, its people (as last counted) and its attributes.
reception_units = Table(
    "reception_units",
    metadata,
    Column("site_id", String(64), nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("occupied", Integer, nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("families", Boolean, nullable=False),
    Column("single_adults", Boolean, nullable=False),
    Column("women_only", Boolean, nullable=False),
    Column("uam", Boolean, nullable=False),
    Column("age_min", Integer, nullable=True),
    Column("age_max", Integer, nullable=True),
    Column("accessible", Boolean, nullable=False),
    Column("medical", Boolean, nullable=False),
    Column("lgbti", Boolean, nullable=False),
    PrimaryKeyConstraint("site_id", "unit_id"),
)

# --- reception residents (revision 0017) --------------------------------------------------

#: One row per case that has a place: the site and unit its household was placed in, the
#: household and since when (derived from the sites' ``household_placed``/``household_left``).
reception_residents = Table(
    "reception_residents",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("site_id", String(64), nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("household", String(128), nullable=False),
    Column("since", Date, nullable=False),
    Index(None, "site_id"),
    # rows belong to the site's stream, not the case's (``projection_check``)
    info={"stream_column": "site_id"},
)

#: Every stay of a case at a reception site (``store.reception_stays``): the ``n``th placement at
#: the site, one row per case of the household, from the day placed until the day it left
#: (None: it lives there still). The statistics count the persons in reception from it.
reception_stays = Table(
    "reception_stays",
    metadata,
    Column("site_id", String(64), primary_key=True),
    Column("n", Integer, primary_key=True),
    Column("case_id", String(64), primary_key=True),
    Column("household", String(128), nullable=False),
    Column("from_day", Date, nullable=False),
    Column("until_day", Date, nullable=True),
    Index(None, "case_id"),
    # rows belong to the site's stream, not the case's (``projection_check``)
    info={"stream_column": "site_id"},
)

# --- twin runs (revision 0021) -------------------------------------------------------------

#: One row per run of the chain twin asked for on the web or the API (``store.twin_runs``): the
#: scenario (its name, title, text and the text's SHA-256), seed and replications, the status
#: (queued, running, done, failed) with the replications done and the reason of a failure, who
#: asked and when (naive UTC), the process running it and its last sign of life, and once done
#: the summary with bands as JSON text. Not derived from events: a run is a job, not a fact.
twin_runs = Table(
    "twin_runs",
    metadata,
    Column("run_id", BigId, primary_key=True, autoincrement=True),
    Column("scenario", String(64), nullable=False),
    Column("title", String(200), nullable=False),
    Column("scenario_hash", String(64), nullable=False),
    Column("scenario_text", Text, nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("replications", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("progress", Integer, nullable=False),
    Column("reason", Text, nullable=True),
    Column("requested_by", String(128), nullable=False),
    Column("queued_at", DateTime, nullable=False),
    Column("started_at", DateTime, nullable=True),
    Column("finished_at", DateTime, nullable=True),
    Column("runner", String(128), nullable=True),
    Column("heartbeat_at", DateTime, nullable=True),
    Column("summary", Text, nullable=True),
    Column("demo_key", String(64), nullable=True, unique=True),
    Index(None, "status"),
)

# --- personal data keys and erasures (revision 0022) ---------------------------------------

#: One data key per case (``store.sealing``): the key the case's personal fields are sealed
#: with, wrapped by the key-encryption key ``kek_id`` names. Erasure (``store.privacy``) empties
#: ``wrapped`` and sets ``erased_at``, ``erased_by`` and ``surrogate_birth`` (the date a sealed
#: date of birth reads as afterwards: not the person's, see ``store.privacy``).
person_keys = Table(
    "person_keys",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("wrapped", Text, nullable=True),
    Column("kek_id", String(16), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("erased_at", DateTime, nullable=True),
    Column("erased_by", String(128), nullable=True),
    Column("surrogate_birth", Date, nullable=True),
)

#: Every erasure, only ever inserted: when, who for which organisation, which case and its
#: pseudonym, the reason, the retention rule and the day it made the erasure due, and whether
#: it was forced before that day. No personal data: the reason is the operator's, and the
#: command asks for one without names.
person_erasures = Table(
    "person_erasures",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("case_id", String(64), nullable=False),
    Column("pseudonym", String(200), nullable=True),
    Column("actor", String(128), nullable=False),
    Column("organisation", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("rule_id", String(64), nullable=True),
    Column("due_on", Date, nullable=True),
    Column("forced", Boolean, nullable=False),
    Index(None, "case_id"),
)

#: Every case chain ``privacy reseal`` rewrote (revision 0024), only ever inserted: when, who,
#: how many events the chain has and how many were sealed, its head before and after.
chain_reseals = Table(
    "chain_reseals",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("case_id", String(64), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("events", Integer, nullable=False),
    Column("sealed", Integer, nullable=False),
    Column("old_head", String(64), nullable=False),
    Column("new_head", String(64), nullable=False),
    Index(None, "case_id"),
)
