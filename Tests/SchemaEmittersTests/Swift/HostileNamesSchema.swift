import Foundation
import SchemaLanguage

/// The hostile-names corpus: entities and fields named after runtime types, generated facade
/// types, Swift keywords and standard-library types, acronyms, and namespaced collections whose
/// Swift names collide with plain ones. `schemagen check` accepts it, so its Swift must compile.
enum HostileNamesSchema {
    static let text = """
        schema names { targets sqlite, mongo }

        enum AIInterpretation {
          yes = "yes"
          no = "no"
        }
        enum ai_mode {
          on = "on"
          off = "off"
          self = "self"
          init = "init"
          Type = "type"
          default = "default"
          case = "case"
        }

        type url_info {
          self string
          init int32?
          Type string?
          row int64?
          default string?
        }

        table sweep_reports {
          id int64 primary auto
          self string
          Type string
          init int32
          protocol string?
          ai_interpretation AIInterpretation?
          mode ai_mode = self
          info url_info?
          kind enum(self, Type, default, none)?
          history [url_info] keep newest 3
        }
        table store_errors { id int64 primary auto
          description string? }
        table queries { id int64 primary auto
          hash_value int64?
          hash string?
          row int64?
          validate bool?
          is_valid bool? }
        table databases { id int64 primary auto }
        table names_databases { id int64 primary auto }
        table snapshots { id int64 primary auto }
        table stores { id int64 primary auto }
        table rows { id int64 primary auto }
        table pages { id int64 primary auto }
        table scopes { id int64 primary auto }
        table retentions { id int64 primary auto }
        table checks { id int64 primary auto }
        table tasks { id int64 primary auto }
        table strings { id int64 primary auto }
        table optionals { id int64 primary auto }
        table results { id int64 primary auto }
        table errors { id int64 primary auto }
        table key_ranges { id int64 primary auto }
        table validation_errors { id int64 primary auto }
        table store_values { id int64 primary auto }
        table column_values { id int64 primary auto }
        table table_definitions { id int64 primary auto }
        table record_errors { id int64 primary auto }
        table typed_caches { id int64 primary auto }
        table write_accesses { id int64 primary auto }
        table read_accesses { id int64 primary auto }
        table validations { id int64 primary auto }
        table record_codings { id int64 primary auto }
        table writers { id int64 primary auto }
        table enums { id int64 primary auto }
        table store_layouts { id int64 primary auto }
        table api_keys { id int64 primary auto
          url_path string?
          user_id int64? }
        table orders {
          id int64 primary auto
          order int64
          scope string
          access string
          now int64
          limit int64 unique
          after int64?
          body string?
          record string?
          index (order, scope)
          index (access, now)
          index (after)
        }
        collection tags {
          id objectid primary auto named "_id"
          values [string]
          element [string]
          index (values)
          index (element)
        }
        cache values {
          key "v:{key}:{store}:{space}:{ttl}:{self}"
          ttl 1h
          value json
          key string
          store int64
          space int64
          ttl int64
          self uuid
        }
        table json_values { id int64 primary auto }
        table access { id int64 primary auto }
        table sweep { id int64 primary auto }
        table close { id int64 primary auto }
        table read { id int64 primary auto }
        table write { id int64 primary auto
          access { insert: store; update: read, now.base, self.default; delete: sweeps }
        }
        table object_ids { id int64 primary auto }

        cache store {
          key "s:{id}"
          ttl 1h
          value json
          id int64
        }

        namespace write {
          collection transactions {
            id objectid primary auto named "_id"
            title string
          }
        }
        """

    /// The corpus compiled.
    static func schema() throws -> Schema {
        try SeedSchemas.compile(text, path: "schema/names.schema")
    }
}
