"""Seed 002 (SetAi Bot) migration bookkeeping run through PyMySQL against the generated MySQL DDL.

The seed's "Schema Versioning" table, schema_migrations (version VARCHAR(50) PRIMARY KEY, description
TEXT, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, checksum VARCHAR(64)), used the way a migration
runner uses it: record each applied migration with its checksum, list what is applied, skip it on the
next run, refuse to record a version twice, verify checksums. Usage:

    python setai_bot_mysql.py HOST PORT DATABASE [bookkeeping|time-zone]

`time-zone` checks the seed's TIMESTAMP semantics: applied_at written by a session in +05:00 is the
same instant when read by a session in UTC.
"""
import hashlib
import sys

import pymysql

host, port, database = sys.argv[1], int(sys.argv[2]), sys.argv[3]
check = sys.argv[4] if len(sys.argv) > 4 else "bookkeeping"


def connect(time_zone="+00:00"):
    connection = pymysql.connect(host=host, port=port, user="root", password="", database=database,
                                 autocommit=True, init_command=f"SET time_zone = '{time_zone}'")
    return connection


def ok(what):
    print("ok:", what)


MIGRATIONS = [
    ("2024_08_15_001_create_base_tables", "Create initial database schema",
     "CREATE TABLE IF NOT EXISTS bookkeeping_probe (id INT PRIMARY KEY)"),
    ("2024_08_20_002_add_probe_row", "Add a probe row", "INSERT INTO bookkeeping_probe (id) VALUES (1)"),
]


def checksum(sql):
    return hashlib.sha256(sql.encode()).hexdigest()


def migrate(connection):
    """Applies every migration whose version is not in schema_migrations; returns the versions run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version, checksum FROM schema_migrations ORDER BY version")
        applied = dict(cursor.fetchall())
        ran = []
        for version, description, sql in MIGRATIONS:
            if version in applied:
                if applied[version] != checksum(sql):
                    raise RuntimeError(f"migration {version} was edited after it was applied")
                continue
            cursor.execute(sql)
            cursor.execute("INSERT INTO schema_migrations (version, description, checksum) VALUES (%s, %s, %s)",
                           (version, description, checksum(sql)))
            ran.append(version)
        return ran


def bookkeeping():
    connection = connect()
    assert migrate(connection) == [version for version, _, _ in MIGRATIONS]
    assert migrate(connection) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM bookkeeping_probe")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT version, description, checksum, applied_at IS NOT NULL, "
                       "ABS(TIMESTAMPDIFF(SECOND, applied_at, NOW())) < 120 FROM schema_migrations ORDER BY version")
        rows = cursor.fetchall()
    assert [(row[0], row[1], row[2]) for row in rows] == [(v, d, checksum(s)) for v, d, s in MIGRATIONS], rows
    assert all(row[3] == 1 and row[4] == 1 for row in rows), rows
    ok("each migration recorded once with description, checksum and applied_at; a second run applies nothing")

    with connection.cursor() as cursor:
        try:
            cursor.execute("INSERT INTO schema_migrations (version, description, checksum) VALUES (%s, 'again', NULL)",
                           (MIGRATIONS[0][0],))
            raise AssertionError("a version was recorded twice")
        except pymysql.err.IntegrityError as error:
            assert error.args[0] == 1062, error
    ok("recording a version twice is refused (primary key)")

    with connection.cursor() as cursor:
        cursor.execute("UPDATE schema_migrations SET checksum = %s WHERE version = %s", ("0" * 64, MIGRATIONS[1][0]))
    try:
        migrate(connection)
        raise AssertionError("an edited migration went unnoticed")
    except RuntimeError as error:
        assert "was edited" in str(error)
    ok("a checksum that no longer matches is detected")

    with connection.cursor() as cursor:
        for column, value in (("version", "v" * 51), ("checksum", "c" * 65)):
            try:
                cursor.execute(f"INSERT INTO schema_migrations (version, checksum) VALUES (%s, %s)",
                               ("v" * 51, None) if column == "version" else ("v_long_checksum", value))
                raise AssertionError(f"{column} longer than declared was accepted")
            except pymysql.err.DataError as error:
                assert error.args[0] == 1406, error
    ok("version VARCHAR(50) and checksum VARCHAR(64) lengths are enforced")


def time_zone():
    writer = connect("+05:00")
    with writer.cursor() as cursor:
        cursor.execute("INSERT INTO schema_migrations (version, description) VALUES ('tz_probe', 'written in +05:00')")
    reader = connect("+00:00")
    with reader.cursor() as cursor:
        cursor.execute("SELECT TIMESTAMPDIFF(SECOND, applied_at, UTC_TIMESTAMP()) FROM schema_migrations "
                       "WHERE version = 'tz_probe'")
        difference = cursor.fetchone()[0]
    assert abs(difference) < 120, f"applied_at read in UTC is {difference} s away from now"
    ok("applied_at written from a +05:00 session reads back as the same instant in UTC (TIMESTAMP)")


{"bookkeeping": bookkeeping, "time-zone": time_zone}[check]()
