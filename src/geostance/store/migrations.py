"""Named schema migrations for the DuckDB store.

Each migration is a function registered in order under a name; ``apply`` runs those not
yet recorded in ``_migrations``, each in its own transaction. Never edit a migration that
has been released: add the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Migration = Callable[[Any], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        if any(n == name for n, _ in MIGRATIONS):
            raise ValueError(f"migration {name!r} registered twice")
        MIGRATIONS.append((name, fn))
        return fn

    return register


@migration("0001_documents_sentences_events")
def _documents_sentences_events(con: Any) -> None:
    con.execute(
        """
        CREATE TABLE documents (
            id VARCHAR PRIMARY KEY,
            origin VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            title VARCHAR,
            date DATE,
            url VARCHAR,
            source VARCHAR,
            text VARCHAR NOT NULL,
            fingerprint UBIGINT NOT NULL,
            duplicate_of VARCHAR,
            ingested_at TIMESTAMP DEFAULT current_timestamp
        )
        """
    )
    con.execute(
        """
        CREATE TABLE sentences (
            doc_id VARCHAR NOT NULL,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            paragraph INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            PRIMARY KEY (doc_id, idx)
        )
        """
    )
    con.execute(
        """
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            doc VARCHAR,
            sentence VARCHAR NOT NULL,
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL,
            source VARCHAR NOT NULL,
            source_text VARCHAR,
            source_start INTEGER,
            source_end INTEGER,
            target VARCHAR,
            target_text VARCHAR,
            target_start INTEGER,
            target_end INTEGER,
            trigger VARCHAR,
            trigger_start INTEGER,
            trigger_end INTEGER,
            cameo VARCHAR NOT NULL,
            cameo_root VARCHAR NOT NULL,
            quad_class INTEGER NOT NULL,
            goldstein DOUBLE NOT NULL,
            plover VARCHAR,
            plover_mode VARCHAR,
            negated BOOLEAN NOT NULL,
            modality VARCHAR NOT NULL,
            date DATE,
            date_end DATE,
            date_precision VARCHAR,
            date_method VARCHAR,
            confidence DOUBLE,
            coder VARCHAR NOT NULL,
            attribution VARCHAR
        )
        """
    )
    con.execute("CREATE INDEX events_dyad ON events (source, target)")
    con.execute("CREATE INDEX events_doc ON events (doc_id)")


@migration("0002_votes")
def _votes(con: Any) -> None:
    """UN roll calls, votes, issues, vetoes, ideal points and coincidence figures (issue 4)."""
    con.execute(
        """
        CREATE TABLE vote_imports (
            checksum VARCHAR PRIMARY KEY,
            path VARCHAR NOT NULL,
            format VARCHAR NOT NULL,
            rows BIGINT NOT NULL,
            stored BIGINT NOT NULL,
            imported_at TIMESTAMP DEFAULT current_timestamp
        )
        """
    )
    con.execute(
        """
        CREATE TABLE un_rollcalls (
            id VARCHAR PRIMARY KEY,
            dataset VARCHAR NOT NULL,
            body VARCHAR NOT NULL,
            session INTEGER,
            year INTEGER,
            date DATE,
            symbol VARCHAR,
            draft VARCHAR,
            title VARCHAR,
            descr VARCHAR,
            amend BOOLEAN,
            para BOOLEAN,
            important BOOLEAN,
            outcome VARCHAR,
            submitted_by VARCHAR,
            url VARCHAR,
            total_yes INTEGER,
            total_no INTEGER,
            total_abstain INTEGER,
            total_absent INTEGER
        )
        """
    )
    con.execute(
        """
        CREATE TABLE un_votes (
            rollcall VARCHAR NOT NULL,
            country VARCHAR NOT NULL,
            country_raw VARCHAR,
            vote VARCHAR NOT NULL,
            PRIMARY KEY (rollcall, country)
        )
        """
    )
    con.execute(
        "CREATE TABLE un_rollcall_issues (rollcall VARCHAR NOT NULL, issue VARCHAR NOT NULL, "
        "name VARCHAR, PRIMARY KEY (rollcall, issue))"
    )
    con.execute(
        """
        CREATE TABLE un_vetoes (
            dataset VARCHAR NOT NULL,
            seq INTEGER NOT NULL,
            date DATE,
            year INTEGER,
            draft VARCHAR,
            meeting VARCHAR,
            agenda VARCHAR,
            topic VARCHAR,
            region VARCHAR,
            member VARCHAR NOT NULL,
            member_raw VARCHAR,
            PRIMARY KEY (dataset, seq, member)
        )
        """
    )
    con.execute(
        """
        CREATE TABLE un_idealpoints (
            dataset VARCHAR NOT NULL,
            issue VARCHAR NOT NULL,
            period_kind VARCHAR NOT NULL,
            period INTEGER NOT NULL,
            variant VARCHAR NOT NULL,
            ccode INTEGER NOT NULL,
            country VARCHAR NOT NULL,
            country_raw VARCHAR,
            idealpoint DOUBLE NOT NULL,
            nvotes INTEGER,
            q05 DOUBLE,
            q50 DOUBLE,
            q95 DOUBLE,
            PRIMARY KEY (dataset, issue, variant, period, ccode)
        )
        """
    )
    con.execute(
        """
        CREATE TABLE un_coincidence (
            year INTEGER NOT NULL,
            country VARCHAR NOT NULL,
            country_raw VARCHAR,
            same INTEGER,
            oppose INTEGER,
            partial INTEGER,
            absent INTEGER,
            published DOUBLE,
            recomputed DOUBLE,
            PRIMARY KEY (year, country)
        )
        """
    )
    con.execute("CREATE INDEX un_votes_country ON un_votes (country)")


@migration("0003_attachments")
def _attachments(con: Any) -> None:
    """Folders of Parquet output (``geostance attach``), re-attached as views on every open."""
    con.execute(
        """
        CREATE TABLE attachments (
            path VARCHAR PRIMARY KEY,
            attached_at TIMESTAMP DEFAULT current_timestamp
        )
        """
    )


@migration("0004_event_issue")
def _event_issue(con: Any) -> None:
    """Coder v2 keeps acts with no actor target; ``issue`` names what such an act is about."""
    con.execute("ALTER TABLE events ADD COLUMN issue VARCHAR")


@migration("0005_rollcall_agenda_subjects")
def _rollcall_agenda_subjects(con: Any) -> None:
    """The UN Digital Library's voting data give each roll call an agenda item and subjects.

    Non-voting members are counted in ``total_absent`` (the library's ``total_non_voting``), so
    no column is added for them. Other sources leave both new columns null.
    """
    con.execute("ALTER TABLE un_rollcalls ADD COLUMN agenda VARCHAR")
    con.execute("ALTER TABLE un_rollcalls ADD COLUMN subjects VARCHAR")
