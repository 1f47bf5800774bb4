"""Seed 001 (Discord bot) run through its own stack: Python's sqlite3 against the generated SQLite DDL.

Every SQL statement below is copied verbatim from the seed document (its example queries, retention
policy, background task, daily and weekly maintenance and the DatabaseMigration class); only the
data they run on and the checks of their results are this test's own. Usage:

    python3 discord_bot_sqlite.py GENERATED_SQLITE_DDL WORK_DIRECTORY

Exits 0 and prints one "ok: ..." line per documented operation, or raises on the first failure.
"""
import asyncio
import logging
import sqlite3
import sys
from pathlib import Path

ddl_path, work = Path(sys.argv[1]), Path(sys.argv[2])
logger = logging.getLogger("discord_bot")


class SeedDatabase:
    """The `db` object the seed's code awaits: fetchone, fetch_all, execute, execute_script."""

    def __init__(self, path):
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.row_factory = sqlite3.Row
        self.connection.execute("PRAGMA foreign_keys = ON")

    async def fetchone(self, sql, parameters=()):
        return self.connection.execute(sql, parameters).fetchone()

    async def fetch_all(self, sql, parameters=()):
        return self.connection.execute(sql, parameters).fetchall()

    async def execute(self, sql, parameters=()):
        return self.connection.execute(sql, parameters).rowcount

    async def execute_script(self, script):
        self.connection.executescript(script)


db = SeedDatabase(str(work / "bot.db"))
db.connection.executescript(ddl_path.read_text())


def ok(what):
    print("ok:", what)


def rows(cursor_rows):
    return [tuple(row) for row in cursor_rows]


# --- Seed code, verbatim: "Migration Strategy" --------------------------------------------------

class DatabaseMigration:
    """Handle database migrations."""
    
    async def get_current_version(self) -> int:
        """Get current schema version."""
        try:
            result = await db.fetchone("SELECT version FROM schema_version")
            return result['version'] if result else 0
        except:
            return 0
    
    async def migrate_to_latest(self):
        """Run all pending migrations."""
        current = await self.get_current_version()
        migrations = sorted(Path("migrations").glob("*.sql"))
        
        for migration_file in migrations:
            version = int(migration_file.stem.split('_')[0])
            
            if version > current:
                logger.info(f"Running migration {version}: {migration_file.name}")
                
                with open(migration_file) as f:
                    await db.execute_script(f.read())
                
                await db.execute(
                    "INSERT OR REPLACE INTO schema_version (version) VALUES (?)",
                    (version,)
                )
                
                logger.info(f"Migration {version} completed")


async def remove_mute(user_id, guild_id):
    lifted.append(("mute", user_id, guild_id))


async def remove_ban(user_id, guild_id):
    lifted.append(("ban", user_id, guild_id))


lifted = []


# --- Seed code, verbatim: "temp_punishments" background task (loop decorator left out) -----------

async def check_expired_punishments():
    """Critical task - removes expired punishments."""
    expired = await db.fetch_all("""
        SELECT * FROM temp_punishments
        WHERE expires_at <= CURRENT_TIMESTAMP
    """)
    
    for punishment in expired:
        # Remove the punishment (unmute/unban)
        if punishment['punishment_type'] == 'mute':
            await remove_mute(punishment['user_id'], punishment['guild_id'])
        elif punishment['punishment_type'] == 'ban':
            await remove_ban(punishment['user_id'], punishment['guild_id'])
        
        # Delete from database
        await db.execute(
            "DELETE FROM temp_punishments WHERE id = ?",
            (punishment['id'],)
        )


async def main():
    # Migration runner: three migrations run once each, and a second start runs none.
    import os
    os.chdir(work)
    (work / "migrations").mkdir()
    for number, name in ((1, "initial_schema"), (2, "add_xp_system"), (3, "add_economy")):
        (work / "migrations" / f"{number:03d}_{name}.sql").write_text(
            f"CREATE TABLE IF NOT EXISTS migration_runs (version INTEGER);\n"
            f"INSERT INTO migration_runs (version) VALUES ({number});\n")
    runner = DatabaseMigration()
    assert await runner.get_current_version() == 0
    await runner.migrate_to_latest()
    assert await runner.get_current_version() == 3, await runner.get_current_version()
    await runner.migrate_to_latest()
    runs = rows(await db.fetch_all("SELECT version FROM migration_runs ORDER BY rowid"))
    assert runs == [(1,), (2,), (3,)], f"migrations ran {runs}"
    assert rows(await db.fetch_all("SELECT version FROM schema_version")) == [(3,)]
    ok("DatabaseMigration: get_current_version returns the newest version; a restart re-runs nothing")

    # Data: users, guild members (one in a guild without config: the seed's DDL allows it).
    await db.execute("INSERT INTO users (user_id, username, global_xp) VALUES (1, 'ann', 500)")
    await db.execute("INSERT INTO users (user_id, username, global_xp, last_seen) VALUES (2, 'bob', 900, datetime('now', '-120 days'))")
    await db.execute("INSERT INTO users (user_id, username) VALUES (3, 'cy')")
    # "Create default config for new server"
    await db.execute("""
INSERT INTO guild_config (guild_id, prefix)
VALUES (?, '!');""", (10,))
    for user_id, guild_id, xp, coins in ((1, 10, 50, 7), (2, 10, 80, 3), (3, 10, 20, 9), (1, 20, 5, 1)):
        await db.execute("INSERT INTO guild_members (user_id, guild_id, xp, coins) VALUES (?, ?, ?, ?)",
                         (user_id, guild_id, xp, coins))
    ok("guild_members accepts a member of guild 20, which has no guild_config row (as the seed's DDL)")

    # users example queries
    row = await db.fetchone("""
SELECT username, global_xp, global_level, last_seen
FROM users
WHERE user_id = ?;""", (1,))
    assert (row['username'], row['global_xp'], row['global_level']) == ('ann', 500, 1)
    top = rows(await db.fetch_all("""
SELECT username, global_xp, global_level
FROM users
ORDER BY global_xp DESC
LIMIT 10;"""))
    assert [name for name, _, _ in top] == ['bob', 'ann', 'cy'], top
    inactive = await db.fetchone("""
SELECT COUNT(*)
FROM users
WHERE last_seen < datetime('now', '-90 days');""")
    assert inactive[0] == 1
    ok("users: global stats, top global users, inactive users")

    # guild_members example queries
    row = await db.fetchone("""
SELECT u.username, gm.xp, gm.level, gm.coins
FROM guild_members gm
JOIN users u ON gm.user_id = u.user_id
WHERE gm.user_id = ? AND gm.guild_id = ?;""", (1, 10))
    assert tuple(row) == ('ann', 50, 1, 7)
    board = rows(await db.fetch_all("""
SELECT u.username, gm.xp, gm.level
FROM guild_members gm
JOIN users u ON gm.user_id = u.user_id
WHERE gm.guild_id = ?
ORDER BY gm.xp DESC
LIMIT 10;""", (10,)))
    assert board == [('bob', 80, 1), ('ann', 50, 1), ('cy', 20, 1)]
    rich = rows(await db.fetch_all("""
SELECT u.username, gm.coins
FROM guild_members gm
JOIN users u ON gm.user_id = u.user_id
WHERE gm.guild_id = ?
ORDER BY gm.coins DESC
LIMIT 10;""", (10,)))
    assert rich == [('cy', 9), ('ann', 7), ('bob', 3)]
    ok("guild_members: stats in a guild, server leaderboard, richest users")

    # guild_config example queries
    row = await db.fetchone("""
SELECT prefix, welcome_channel_id, xp_enabled
FROM guild_config
WHERE guild_id = ?;""", (10,))
    assert tuple(row) == ('!', None, 1)
    await db.execute("""
UPDATE guild_config
SET prefix = ?, updated_at = CURRENT_TIMESTAMP
WHERE guild_id = ?;""", ('?', 10))
    assert (await db.fetchone("SELECT prefix FROM guild_config WHERE guild_id = 10"))[0] == '?'
    ok("guild_config: get configuration, update prefix, create default config")

    # warnings
    for user_id, age in ((1, 10), (1, 100), (2, 5), (2, 400), (3, 1)):
        await db.execute("INSERT INTO warnings (user_id, guild_id, moderator_id, reason, created_at) "
                         "VALUES (?, 10, 99, 'r', datetime('now', ?))", (user_id, f"-{age} days"))
    active = rows(await db.fetch_all("""
SELECT id, reason, created_at, moderator_id
FROM warnings
WHERE user_id = ? AND guild_id = ? AND active = TRUE
ORDER BY created_at DESC;""", (1, 10)))
    assert len(active) == 2
    # "Expire warnings older than 90 days" (retention policy; the daily task runs the same UPDATE)
    expired = await db.execute("""
UPDATE warnings
SET active = FALSE
WHERE created_at < datetime('now', '-90 days')
  AND active = TRUE;""")
    assert expired == 2
    counts = rows(await db.fetch_all("""
SELECT user_id, COUNT(*) as warning_count
FROM warnings
WHERE guild_id = ? AND active = TRUE
GROUP BY user_id
ORDER BY warning_count DESC;""", (10,)))
    assert sorted(counts) == [(1, 1), (2, 1), (3, 1)], counts
    # "Delete warnings older than 1 year (hard cleanup)"
    deleted = await db.execute("""
DELETE FROM warnings
WHERE created_at < datetime('now', '-365 days');""")
    assert deleted == 1
    assert (await db.fetchone("SELECT COUNT(*) FROM warnings"))[0] == 4
    ok("warnings: active warnings, count per user, expire after 90 days, hard delete after 1 year")

    # mod_actions
    for moderator, target, action, age in ((99, 1, 'warn', 1), (99, 1, 'mute', 2), (98, 2, 'ban', 3), (99, 1, 'kick', 40)):
        await db.execute("INSERT INTO mod_actions (guild_id, moderator_id, target_id, action_type, reason, created_at) "
                         "VALUES (10, ?, ?, ?, 'r', datetime('now', ?))", (moderator, target, action, f"-{age} days"))
    history = rows(await db.fetch_all("""
SELECT action_type, reason, moderator_id, created_at
FROM mod_actions
WHERE target_id = ? AND guild_id = ?
ORDER BY created_at DESC
LIMIT 20;""", (1, 10)))
    assert [action for action, _, _, _ in history] == ['warn', 'mute', 'kick']
    moderators = rows(await db.fetch_all("""
SELECT moderator_id, COUNT(*) as action_count
FROM mod_actions
WHERE guild_id = ?
  AND created_at > datetime('now', '-30 days')
GROUP BY moderator_id
ORDER BY action_count DESC;""", (10,)))
    assert moderators == [(99, 2), (98, 1)]
    distribution = rows(await db.fetch_all("""
SELECT action_type, COUNT(*) as count
FROM mod_actions
WHERE guild_id = ?
  AND created_at > datetime('now', '-30 days')
GROUP BY action_type;""", (10,)))
    assert sorted(distribution) == [('ban', 1), ('mute', 1), ('warn', 1)]
    ok("mod_actions: moderation history, most active moderators, action type distribution")

    # temp_punishments background task
    await db.execute("INSERT INTO temp_punishments (user_id, guild_id, punishment_type, expires_at) "
                     "VALUES (1, 10, 'mute', datetime('now', '-1 minutes'))")
    await db.execute("INSERT INTO temp_punishments (user_id, guild_id, punishment_type, expires_at) "
                     "VALUES (2, 10, 'ban', datetime('now', '+1 days'))")
    await check_expired_punishments()
    assert lifted == [("mute", 1, 10)]
    assert rows(await db.fetch_all("SELECT user_id FROM temp_punishments")) == [(2,)]
    ok("temp_punishments: check_expired_punishments lifts and deletes only expired rows")

    # transactions
    for user_id, amount, kind, age in ((1, 100, 'daily', 1), (1, -30, 'gamble', 2), (2, 50, 'work', 1),
                                       (2, -20, 'gamble', 10), (1, 70, 'daily', 100)):
        await db.execute("INSERT INTO transactions (user_id, guild_id, amount, transaction_type, description, created_at) "
                         "VALUES (?, 10, ?, ?, 'd', datetime('now', ?))", (user_id, amount, kind, f"-{age} days"))
    history = rows(await db.fetch_all("""
SELECT amount, transaction_type, description, created_at
FROM transactions
WHERE user_id = ? AND guild_id = ?
ORDER BY created_at DESC
LIMIT 20;""", (1, 10)))
    assert [amount for amount, _, _, _ in history] == [100, -30, 70]
    daily = rows(await db.fetch_all("""
SELECT DATE(created_at) as date, SUM(amount) as total
FROM transactions
WHERE guild_id = ?
  AND amount > 0
  AND created_at > datetime('now', '-30 days')
GROUP BY DATE(created_at);"""
, (10,)))
    assert sum(total for _, total in daily) == 150 and len(daily) == 1
    loss = await db.fetchone("""
SELECT SUM(amount) as total_loss
FROM transactions
WHERE transaction_type = 'gamble'
  AND amount < 0
  AND created_at > datetime('now', '-7 days');""")
    assert loss['total_loss'] == -30
    ok("transactions: history, daily coin generation, gambling losses")

    # Daily maintenance (verbatim statements; VACUUM included)
    await db.execute("""
        UPDATE warnings
        SET active = FALSE
        WHERE created_at < datetime('now', '-90 days')
          AND active = TRUE
    """)
    await db.execute("""
        INSERT INTO transactions_archive
        SELECT * FROM transactions
        WHERE created_at < datetime('now', '-90 days')
    """)
    await db.execute("""
        DELETE FROM transactions
        WHERE created_at < datetime('now', '-90 days')
    """)
    await db.execute("VACUUM")
    assert rows(await db.fetch_all("SELECT amount, transaction_type FROM transactions_archive")) == [(70, 'daily')]
    assert (await db.fetchone("SELECT COUNT(*) FROM transactions"))[0] == 4
    ok("daily maintenance: expire warnings, archive transactions (INSERT ... SELECT *), VACUUM")

    # Weekly maintenance: hard delete very old warnings
    deleted = await db.execute("""
        DELETE FROM warnings
        WHERE created_at < datetime('now', '-365 days')
    """)
    assert deleted == 0
    ok("weekly maintenance: hard delete warnings older than 365 days")

    # The bot leaves a guild: its configuration is deleted; members stay (no foreign key).
    await db.execute("DELETE FROM guild_config WHERE guild_id = ?", (10,))
    assert (await db.fetchone("SELECT COUNT(*) FROM guild_members WHERE guild_id = 10"))[0] == 3
    # A user's GDPR deletion cascades to their memberships.
    await db.execute("DELETE FROM users WHERE user_id = ?", (3,))
    assert (await db.fetchone("SELECT COUNT(*) FROM guild_members WHERE user_id = 3"))[0] == 0
    ok("guild leave deletes guild_config only; GDPR user delete cascades to guild_members")


asyncio.run(main())
