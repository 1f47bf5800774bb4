import SchemaLanguage

/// PostgreSQL foreign keys between owner-scoped tables stay within one owner.
///
/// Foreign-key checks and actions run as the table owner, past row-level security: a plain
/// `note_id -> notes.id` let a tenant point a row at another tenant's note (learning that it
/// exists), after which that tenant could no longer delete their own note. Keyed on
/// `(owner, note_id) -> notes (owner, id)`, with the row's owner pinned by the policy, a reference
/// can only reach the same owner's rows, and a foreign one fails alike whether it exists or not.
/// SQLite and MySQL have no row-level security; there the application scopes rows.
enum OwnerScopedReference {
    /// The child's and the parent's owner fields when the reference must stay within one owner.
    static func owners(of field: Field, in entity: Entity, to reference: Reference, schema: Schema) -> (child: Field, parent: Field)? {
        guard let parent = schema.entity(named: reference.entity),
              let childOwner = entity.access.owner.flatMap(entity.field(named:)),
              let parentOwner = parent.access.owner.flatMap(parent.field(named:)),
              field.name != childOwner.name, reference.field != parentOwner.name,
              SQLColumnType.declaration(of: childOwner.type, in: .postgres)
                == SQLColumnType.declaration(of: parentOwner.type, in: .postgres) else { return nil }
        return (childOwner, parentOwner)
    }

    /// The `(owner, key)` column lists of `entity` that owner-scoped references point at; each
    /// needs a unique constraint to be a foreign key's target.
    static func referencedKeys(of entity: Entity, in schema: Schema) -> [[String]] {
        var keys: [[String]] = []
        for child in schema.tables {
            for (field, reference) in child.foreignKeys where reference.entity == entity.name {
                guard let parentOwner = owners(of: field, in: child, to: reference, schema: schema)?.parent,
                      let target = entity.field(named: reference.field) else { continue }
                let key = [parentOwner.physicalName, target.physicalName]
                if !keys.contains(key) { keys.append(key) }
            }
        }
        return keys
    }
}
