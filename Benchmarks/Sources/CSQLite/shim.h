#include <sqlite3.h>

// sqlite3_db_config is variadic, which Swift cannot call: this fixes the one use the benchmark
// needs. Keeps the last connection's close from checkpointing, so the WAL is left to replay.
static inline int schemagen_keep_wal_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
