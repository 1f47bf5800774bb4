import SchemaEmitters

/// Everything a database's catalog says about the objects a schema creates, as sorted rows, so
/// a migrated database and a freshly created one can be compared whole: columns with type,
/// nullability and default; keys; indexes; foreign keys with actions; checks; triggers;
/// functions, enum types, row-level security and grants where the engine has them.
/// Column order within a table is not compared (`ADD COLUMN` appends).
struct MigrationCatalog: Equatable, CustomStringConvertible {
    /// Section name → sorted rows.
    var sections: [String: [[String]]]

    var description: String {
        sections.keys.sorted().map { key in
            "[\(key)]\n" + sections[key]!.map { "  " + $0.joined(separator: " | ") }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The sections that differ, with the rows only one side has.
    func differences(from other: MigrationCatalog) -> String {
        var lines: [String] = []
        for key in Set(sections.keys).union(other.sections.keys).sorted() {
            let mine = sections[key] ?? [], theirs = other.sections[key] ?? []
            guard mine != theirs else { continue }
            lines.append("[\(key)]")
            for row in mine where !theirs.contains(row) { lines.append("  - \(row.joined(separator: " | "))") }
            for row in theirs where !mine.contains(row) { lines.append("  + \(row.joined(separator: " | "))") }
        }
        return lines.joined(separator: "\n")
    }

    /// Reads every section in one script (one client process per read): each query's rows are
    /// tagged with the section's name.
    static func read(_ db: SQLTestDatabase) throws -> MigrationCatalog {
        var queries = queries(db.dialect)
        if db.dialect == .sqlite {
            queries.append(("foreign keys", """
                SELECT m.name, f."from", f."table", f."to", f.on_delete FROM sqlite_master AS m
                JOIN pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table'
                """))
        }
        let sections = try TaggedQueries.run(db, queries.map { (tag: $0.0, sql: $0.1) })
        return MigrationCatalog(sections: sections.mapValues { $0.sorted { $0.lexicographicallyPrecedes($1) } })
    }

    private static func queries(_ dialect: SQLDialect) -> [(String, String)] {
        switch dialect {
        case .postgres:
            return [
                ("columns", """
                    SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
                           coalesce(pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity::text
                    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
                    """),
                ("keys and indexes", """
                    SELECT t.relname, CASE WHEN ix.indisprimary THEN 'PRIMARY' ELSE i.relname END,
                           regexp_replace(pg_get_indexdef(ix.indexrelid), '^CREATE (UNIQUE )?INDEX \\S+ ', '\\1')
                    FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
                    WHERE t.relnamespace = 'public'::regnamespace
                    """),
                ("constraints", """
                    SELECT conrelid::regclass::text, conname, contype::text, pg_get_constraintdef(oid), convalidated::text
                    FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype IN ('f', 'c')
                    """),
                ("triggers", "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"),
                ("functions", "SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace"),
                ("enums", """
                    SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
                    """),
                ("row-level security", """
                    SELECT relname, relrowsecurity::text, relforcerowsecurity::text FROM pg_class
                    WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
                    """),
                ("policies", "SELECT tablename, policyname, coalesce(qual, ''), coalesce(with_check, '') FROM pg_policies"),
                ("grants", """
                    SELECT table_name, grantee, privilege_type FROM information_schema.role_table_grants
                    WHERE table_schema = 'public' AND grantee <> current_user
                    """),
            ]
        case .mysql:
            return [
                ("columns", """
                    SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, coalesce(COLUMN_DEFAULT, 'none'), EXTRA
                    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
                    """),
                ("keys and indexes", """
                    SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(concat(COLUMN_NAME, coalesce(concat('(', SUB_PART, ')'), ''), ' ', coalesce(COLLATION, '')) ORDER BY SEQ_IN_INDEX)
                    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE
                    """),
                ("foreign keys", """
                    SELECT TABLE_NAME, CONSTRAINT_NAME, REFERENCED_TABLE_NAME, DELETE_RULE
                    FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()
                    """),
                ("checks", """
                    SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
                    WHERE CONSTRAINT_SCHEMA = DATABASE()
                    """),
                ("triggers", "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"),
                ("grants", "SELECT TABLE_NAME, GRANTEE, PRIVILEGE_TYPE FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = DATABASE()"),
            ]
        case .sqlite:
            return [
                ("columns", """
                    SELECT m.name, p.name, p.type, p."notnull", coalesce(p.dflt_value, 'none'), p.pk FROM sqlite_master AS m
                    JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                    """),
                ("indexes", """
                    SELECT m.name, il.name, il."unique", il.partial, group_concat(ii.name || ' ' || ii."desc", ',')
                    FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS il JOIN pragma_index_xinfo(il.name) AS ii
                    WHERE m.type = 'table' AND il.origin = 'c' AND ii.key = 1 GROUP BY m.name, il.name
                    """),
                ("triggers", "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"),
            ]
        }
    }
}
