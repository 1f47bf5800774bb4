/// An inline MongoDB schema using every field type, partial indexes, every retention rule kind,
/// a partitioned collection and a namespace: what the seeds do not cover.
enum MongoFixtureSchema {
    static let text = """
        /// Every feature the MongoDB emitter handles.
        schema fixture {
          targets mongo
          database "FixtureDB"
        }

        /// How loud.
        enum Level {
          low
          high = "HIGH"
        }

        /// An entry that may hold entries.
        type Entry {
          at    timestamp
          note  string(20)?
          child [Entry]?
        }

        /// Every type.
        collection everything {
          id      objectid       primary auto named "_id"
          small   int32          min 0 max 10
          big     int64
          ratio   double?
          price   decimal(10, 2)?
          flag    bool
          name    string(50)     length 2..
          code    string         pattern "^[a-z]+$"
          body    text?
          at      timestamp
          day     date?
          ref     uuid?
          blob    bytes?
          extra   json?
          level   Level
          mode    enum(a, b)?
          entries [Entry]        keep newest 3
          tags    [string]?
          index (small, at desc) where flag = true
          index (level) where big > 5 and mode is not null
        }

        /// Soft expiry and conditional deletes.
        collection sessions {
          id         objectid  primary auto named "_id"
          user_id    int64
          created_at timestamp
          expires_at timestamp?
          active     bool = true
          status     enum(open, closed)
          retain {
            deactivate after 7d by created_at set active = false
            deactivate at expires_at set active = false
            delete after 30d by created_at where status = closed
          }
        }

        /// Capped and archived.
        collection events {
          id         objectid  primary auto named "_id"
          user_id    int64
          created_at timestamp
          retain {
            keep newest 5 per user_id by created_at
            archive after 90d by created_at into events_archive
          }
        }

        /// Archived events.
        collection events_archive like events {
          retain {
            delete after 365d by created_at
          }
        }

        /// One collection per room.
        collection messages named "messages_{room}" {
          partition by room
          id      objectid  primary auto named "_id"
          room    string
          sent_at timestamp
          index (sent_at)
          retain {
            delete after 1d by sent_at
            keep newest 100 per room by sent_at
          }
        }

        /// A plugin.
        namespace shop {
          owner user_id
          /// Orders keyed by their own number.
          collection orders {
            order_id  int64     primary
            user_id   int64
            placed_at timestamp
            retain {
              delete at placed_at where user_id > 0
            }
          }
        }
        """
}
