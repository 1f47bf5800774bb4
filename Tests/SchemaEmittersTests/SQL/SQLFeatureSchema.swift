import SchemaLanguage

/// A small schema exercising what the seeds do not: reserved words as names, checks, patterns,
/// enums with raw values, JSON documents, UUID defaults, composite keys, every delete action,
/// a reference cycle, partial and descending indexes, and an append-only table.
enum SQLFeatureSchema {
    static let text = """
        /// Features the SQL emitter must handle.
        schema features {
          targets sqlite, postgres, mysql
        }

        /// How loud.
        enum Level { low, high = "HIGH" }

        /// A point.
        type Point {
          x int32
          y int32
        }

        /// Groups: reserved words as names.
        table groups {
          key        int64 primary auto
          /// Sort order, a percentage.
          order      int32 min 0 max 100
          level      Level = low
          type       string(20) length 2..20 pattern "[a-z]+"
          name       string unique
          note       text? = "it's"
          data       json = {}
          tags       [string] = []
          origin     Point?
          token      uuid = uuid
          price      decimal(8, 2)? min 0.5
          created_at timestamp = now
          updated_at timestamp = now on update now
          index (order desc, level)
          index (type) unique where level = high
          index (created_at desc) where (order > 5 and price is not null) or not (level = high or note in ("a", "b's"))
        }

        /// Members: a composite primary key and nullable references.
        table members {
          group_key  int64 -> groups.key on delete cascade
          user_id    int64
          parent_key int64? -> groups.key on delete set null
          primary (group_key, user_id)
          index (parent_key)
        }

        /// Pins keep their group alive.
        table pins {
          id        int64 primary auto
          group_key int64 -> groups.key on delete restrict
          /// The pin this one replaced: a reference to the same table.
          previous_id int64? -> pins.id on delete set null
          index (group_key)
          index (previous_id)
        }

        table alpha {
          id      int64 primary
          beta_id int64? -> beta.id on delete set null
          index (beta_id)
        }

        table beta {
          id       int64 primary
          alpha_id int64? -> alpha.id on delete set null
          index (alpha_id)
        }

        /// An audit log nobody may change.
        table audit {
          id         int64 primary auto
          message    text
          created_at timestamp = now
          retain { append only }
        }
        """

    static func schema() throws -> Schema {
        try SeedSchemas.compile(text, path: "features.schema")
    }
}
