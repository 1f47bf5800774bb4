// libpq, PostgreSQL's C client library, for the SchemaGenPostgres target.
// Headers come from libpq-dev (Debian/Ubuntu) or libpq (Homebrew), found through pkg-config.
#include <libpq-fe.h>
