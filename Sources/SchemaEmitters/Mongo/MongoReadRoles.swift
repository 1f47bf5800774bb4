import SchemaLanguage

/// MongoDB roles for read-only modules (named only in `access { read: … }` lists of collections):
/// each gets the `find` action on exactly the collections that list it, and nothing else. Writer
/// modules get no role (as on MySQL: writer separation there is the application's, or the users'
/// you create). A service's user is granted the role (`grantRolesToUser`).
///
/// A role lives in the schema's database. `setup.js` creates a missing role and sets the
/// privileges of one it made before; a role of the name that can do more than `find` or inherits
/// roles was not made by it and is refused, never handed the privileges (MongoDB keeps no comment
/// on a role to mark it by, so what the role may do is the test). A privilege names one
/// collection, so for a partitioned collection the role gets `find` on every partition that exists
/// when `setup.js` runs, and the partition's setup function grants it on each new one.
struct MongoReadRoles {
    /// One read-only module's role.
    struct Role: Hashable {
        /// `<schema>.<module>`, as on PostgreSQL and MySQL.
        var name: String
        /// The physical names of the collections it may read, in schema order.
        var collections: [String]
        /// The name patterns (JavaScript regular-expression literals) of the partitioned
        /// collections it may read: every partition matching one.
        var partitions: [String] = []
    }

    /// The schema whose roles these are.
    let schema: Schema

    /// Every read-only module's role, by module name.
    var roles: [Role] {
        AccessRules.readOnlyModules(of: schema.collections).map { module in
            let listing = schema.collections.filter { $0.access.read.contains(module) }.map(MongoCollectionName.init)
            return Role(name: Self.roleName(schema: schema, module: module),
                        collections: listing.filter { !$0.isPartitioned }.map(\.entity.physicalName),
                        partitions: listing.filter(\.isPartitioned).map(\.pattern))
        }
    }

    /// `<schema>.<module>`, as on PostgreSQL and MySQL.
    static func roleName(schema: Schema, module: String) -> String { schema.name + "." + module }

    /// The roles of the read-only modules a collection lists, sorted.
    static func roleNames(readingFrom collection: Entity, in schema: Schema) -> [String] {
        let readers = Set(AccessRules.readOnlyModules(of: schema.collections))
        return collection.access.read.filter(readers.contains).sorted().map { roleName(schema: schema, module: $0) }
    }

    /// The lines a partition's setup function ends with: `find` on the partition (`name`) for
    /// every reader of the collection; none when nobody only reads it.
    static func partitionGrants(_ collection: Entity, in schema: Schema, indent: String) -> [String] {
        roleNames(readingFrom: collection, in: schema).map { role in
            indent + "database.grantPrivilegesToRole(\(JavaScriptSyntax.stringLiteral(role)), "
                + "[{ resource: { db: database.getName(), collection: name }, actions: [\"find\"] }]);"
        }
    }

    /// The helper creating or updating one role.
    static let ensureReadRoleFunction = [
        "// Creates the read-only role with `find` on exactly these collections, or sets those privileges on the",
        "// role this script made before. A role of the name that may do more than `find`, or inherits roles, was",
        "// made by someone else: it is refused rather than given these privileges.",
        "// `partitions` are name patterns of partitioned collections: every partition existing now counts.",
        "function ensureReadRole(name, collections, partitions) {",
        "  const existingPartitions = database.getCollectionNames()",
        "    .filter((collection) => partitions.some((pattern) => pattern.test(collection))).sort();",
        "  const privileges = collections.concat(existingPartitions).map((collection) => ({",
        "    resource: { db: database.getName(), collection: collection }, actions: [\"find\"] }));",
        "  const existing = database.getRole(name, { showPrivileges: true });",
        "  if (existing === null) {",
        "    database.createRole({ role: name, privileges: privileges, roles: [] });",
        "  } else if (existing.roles.length > 0",
        "      || existing.privileges.some((privilege) => privilege.actions.some((action) => action !== \"find\"))) {",
        "    throw new Error(\"role \" + name + \" exists but is not a read-only role this script made: drop it or rename the module\");",
        "  } else {",
        "    database.updateRole(name, { privileges: privileges, roles: [] });",
        "  }",
        "}",
    ]

    /// The calls setting `roles` (a role given no collections keeps no privilege).
    static func calls(_ roles: [Role]) -> [String] {
        roles.map { role in
            let collections = JavaScriptValue.array(role.collections.map(JavaScriptValue.string))
            let partitions = JavaScriptValue.array(role.partitions.map(JavaScriptValue.expression))
            return "ensureReadRole(\(JavaScriptSyntax.stringLiteral(role.name)), \(collections.renderedInline()), "
                + "\(partitions.renderedInline()));"
        }
    }

    /// The setup script's role section: a comment, the helper and one call per role; empty without roles.
    func setupLines() -> [String] {
        let roles = roles
        guard !roles.isEmpty else { return [] }
        return [JavaScriptSyntax.comment("Read-only roles: one per module named only in read: lists. Grant one to a service's user.")]
            + Self.ensureReadRoleFunction + Self.calls(roles)
    }

    /// A migration's role section: when the roles differ, every role of the new version is set, and
    /// the old version's roles it no longer has lose their privileges (they are kept: users may hold them).
    static func migrationLines(from old: Schema, to new: Schema) -> [String] {
        let before = MongoReadRoles(schema: old).roles
        let after = MongoReadRoles(schema: new).roles
        guard before != after else { return [] }
        let emptied = before.filter { role in !after.contains { $0.name == role.name } }.map { Role(name: $0.name, collections: [], partitions: []) }
        return [JavaScriptSyntax.comment("Read-only roles changed.")] + ensureReadRoleFunction + calls(after + emptied)
    }
}
