"""The diary's tables, one migration per version (`PRAGMA user_version`).

Version 1 is the first diary ever written; each later entry moves a file one version on,
inside one transaction, so a file is always at a version and never between two. Never edit
a released migration: add the next one.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 1: runs, check-ins and small remembered values
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine_id TEXT NOT NULL,
        routine_name TEXT NOT NULL,
        routine_when TEXT NOT NULL DEFAULT 'anytime',
        level TEXT NOT NULL DEFAULT '',
        minutes_asked REAL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        planned_seconds REAL NOT NULL DEFAULT 0,
        done_seconds REAL NOT NULL DEFAULT 0,
        moves_done INTEGER NOT NULL DEFAULT 0,
        moves_total INTEGER NOT NULL DEFAULT 0,
        skipped_moves TEXT NOT NULL DEFAULT '[]',
        completed INTEGER NOT NULL DEFAULT 0,
        ended_by TEXT
    );
    CREATE INDEX sessions_started ON sessions(started_at);
    CREATE TABLE checkins (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'alone',
        session_id INTEGER REFERENCES sessions(id),
        urge INTEGER,
        discomfort INTEGER,
        sleep INTEGER,
        triggers TEXT NOT NULL DEFAULT '[]',
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX checkins_at ON checkins(at);
    CREATE TABLE remembered (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: the weekly severity total, the person's own triggers, desk-break events
    """
    ALTER TABLE checkins ADD COLUMN severity INTEGER;
    CREATE TABLE own_triggers (name TEXT PRIMARY KEY, first_used TEXT NOT NULL);
    CREATE TABLE breaks (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        position TEXT,
        every_seconds REAL NOT NULL,
        length_seconds REAL NOT NULL
    );
    CREATE INDEX breaks_at ON breaks(at);
    """,
)
VERSION = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, upto: int = VERSION) -> int:
    """Bring the file to version `upto` (default: the newest); returns the version it had.
    A file from a newer program is left alone (ValueError): never downgrade a diary."""
    had = version(conn)
    if had > VERSION:
        raise ValueError(f"it was written by a newer rls-stretch (diary version {had}, "
                         f"this one knows up to {VERSION})")
    for number in range(had + 1, upto + 1):
        statements = [s for s in MIGRATIONS[number - 1].split(";") if s.strip()]
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return had
