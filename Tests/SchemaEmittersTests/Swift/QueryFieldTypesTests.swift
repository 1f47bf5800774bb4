import Foundation
@testable import SchemaEmitters
import SchemaLanguage
import Testing

/// Every field type gets a typed query field with what its type supports, and nothing else:
/// generated for a schema with bytes (no seed has them), decimals, arrays and JSON, then
/// type-checked with uses that must compile and misuses that must not.
@Suite struct QueryFieldTypesTests {
    static let schema = """
        schema attachments {
          targets sqlite
        }

        enum Kind {
          image
          file
        }

        table attachments {
          id        int64 primary
          payload   bytes
          thumbnail bytes?
          price     decimal(10, 2)?
          kinds     [Kind]
          extra     json?
        }
        """

    func files() throws -> [EmittedFile] { SwiftEmitter().emit(try SeedSchemas.compile(Self.schema)) }

    @Test func eachTypeGetsItsQueryField() throws {
        let fields = try #require(try files().first { $0.path.hasSuffix("+QueryFields.swift") }?.contents)
        #expect(fields.contains("QueryField<Attachment, Data>(position: Attachment.Columns.payload"))
        #expect(fields.contains("QueryField<Attachment, Data?>(position: Attachment.Columns.thumbnail"))
        #expect(fields.contains("DecimalQueryField<Attachment>(position: Attachment.Columns.price, name: \"price\", scale: 2)"))
        #expect(fields.contains("ArrayQueryField<Attachment, Kind>(position: Attachment.Columns.kinds"))
        #expect(fields.contains("DocumentQueryField<Attachment, JSONValue>(position: Attachment.Columns.extra"))
    }

    @Test func usesCompileAndMisusesDoNot() throws {
        let use = EmittedFile(path: "Swift/Use.swift", contents: """
            import Foundation
            import SchemaGenRuntime
            let f = Attachment.queryFields
            let allowed: [QueryFilter<Attachment>] = [
                f.payload == Data([1, 2]) && f.payload.hasPrefix(Data([1])) && f.payload.isIn([Data(), Data([9])]) && f.payload < Data([5]),
                f.thumbnail.isNull || f.price >= 9.99 || f.kinds.contains(.image) || f.kinds.isEmpty || f.extra.isNotNull,
                f.extra == ["a": 1] || f.extra != .null || f.kinds.count > 2,
            ]
            """)
        let output = try GeneratedSwiftCompiler.typecheck(try files() + [use], moduleName: "AttachmentsData")
        #expect(!output.contains("warning:") && !output.contains("error:"), "compiler output:\n\(output)")

        let misuse = EmittedFile(path: "Swift/Misuse.swift", contents: """
            import Foundation
            import SchemaGenRuntime
            let g = Attachment.queryFields
            let a: QueryFilter<Attachment> = g.payload == "x"
            let b: QueryFilter<Attachment> = g.payload.hasPrefix("x")
            let c: QueryFilter<Attachment> = g.payload.contains(1)
            let d: QueryFilter<Attachment> = g.extra < JSONValue.null
            let e: QueryFilter<Attachment> = g.kinds.contains("image")
            """)
        do {
            _ = try GeneratedSwiftCompiler.typecheck(try files() + [misuse], moduleName: "AttachmentsData")
            Issue.record("misuses compiled")
        } catch let failure as CompileFailed {
            let errors = failure.output.split(separator: "\n").filter { $0.hasPrefix("/") && $0.contains("error:") }
            for line in 4...8 {
                #expect(errors.contains { $0.contains("Swift_Misuse.swift:\(line):") }, "no error on line \(line):\n\(failure.output)")
            }
        }
    }

    static let documentSchema = """
        schema contacts {
          targets sqlite
        }

        type address {
          city    string
          zip     string?
          default bool
        }

        type profile {
          name     string
          position int32
          home     address?
          work     address
          tags     [string]
          price    decimal(9, 2)?
          extra    json
        }

        table contacts {
          id      int64 primary
          profile profile?
          homes   [address]
        }
        """

    /// A nested type's sub-fields are typed members, through optional documents and any depth,
    /// even when named like the query field's own properties (`name`, `position`) or keywords.
    @Test func nestedSubFieldsAreTypedMembers() throws {
        let files = SwiftEmitter().emit(try SeedSchemas.compile(Self.documentSchema))
        let values = try #require(files.first { $0.path.hasSuffix("+QueryValues.swift") }?.contents)
        #expect(values.contains("extension Profile: FilterableDocument {"))
        #expect(values.contains("public let home = DocumentMember<Profile, Address?>(name: \"home\", read: { $0.home })"))
        #expect(values.contains("public let `default` = DocumentMember<Address, Bool>(name: \"default\", read: { $0.`default` })"))
        // A decimal sub-field carries its scale: it compares on the integer scaled by it.
        #expect(values.contains("public let price = DocumentMember<Profile, Decimal?>(name: \"price\", scale: 2, read: { $0.price })"))
        let use = EmittedFile(path: "Swift/Use.swift", contents: """
            import Foundation
            import SchemaGenRuntime
            let f = Contact.queryFields
            let allowed: [QueryFilter<Contact>] = [
                f.profile.name == "x" && f.profile.position > 3 && f.profile.home.city.hasPrefix("Ky") && f.profile.home.zip.isNull,
                f.profile.home.`default` == true || f.profile.work.city.isIn(["a"]) || f.profile.tags.isNotNull || f.profile.home.isNull,
                f.homes.contains(Address(city: "a", zip: nil, default: true)) || f.homes.count == 1,
                f.profile.tags.contains("x") && f.profile.tags.count >= 1 && !f.profile.tags.isEmpty,
                f.profile.price > Decimal(string: "9.99")! && f.profile.price.isIn([1]) && f.profile.extra.isIn([1, "a"]) && f.profile.extra != .null,
            ]
            """)
        let output = try GeneratedSwiftCompiler.typecheck(files + [use], moduleName: "ContactsData")
        #expect(!output.contains("warning:") && !output.contains("error:"), "compiler output:\n\(output)")

        let misuse = EmittedFile(path: "Swift/Misuse.swift", contents: """
            import Foundation
            import SchemaGenRuntime
            let g = Contact.queryFields
            let a: QueryFilter<Contact> = g.profile.home.cty == "x"
            let b: QueryFilter<Contact> = g.profile.position == "3"
            let c: QueryFilter<Contact> = g.profile.tags.contains(3)
            let d: QueryFilter<Contact> = g.profile.name.hasPrefix(3)
            let e: QueryFilter<Contact> = g.profile.work < 3
            let h: QueryFilter<Contact> = g.profile.price == "1"
            let i: QueryFilter<Contact> = g.profile.extra < 1
            """)
        do {
            _ = try GeneratedSwiftCompiler.typecheck(files + [misuse], moduleName: "ContactsData")
            Issue.record("misuses compiled")
        } catch let failure as CompileFailed {
            let errors = failure.output.split(separator: "\n").filter { $0.hasPrefix("/") && $0.contains("error:") }
            for line in 4...10 {
                #expect(errors.contains { $0.contains("Swift_Misuse.swift:\(line):") }, "no error on line \(line):\n\(failure.output)")
            }
        }
    }
}
