import Foundation
import MozaiksCoreData
@testable import SchemaGenRuntime
import Testing

/// A planned `contains(element)` on an array with a multikey index reads the index's side table
/// when nothing else bounds the scan (mozaiks_core `users.roles`, `index (roles)`).
@Suite struct MultikeyContainsPlanningTests {
    let directory = TemporaryDirectory()
    let clock = TestClock()

    func open() throws -> MozaiksCoreDatabase {
        try MozaiksCoreDatabase.open(at: directory.path, options: testOptions(clock), clock: clock.function)
    }

    func user(_ name: String, _ roles: [UserRole]) -> User {
        User(email: "\(name)@example.com", username: name, passwordHash: "x", roles: roles, createdAt: clock.now)
    }

    func names<A>(_ query: Query<User, A>) throws -> [String] { try query.all().map(\.username) }

    @Test func containsReadsTheMultikeyIndex() throws {
        let db = try open()
        let users = db.appRuntime.users
        for (name, roles) in [("ann", [UserRole.user, .admin]), ("bob", [.user]), ("cy", [.admin, .admin]), ("dee", []), ("al", [.admin])] {
            try users.insert(user(name, roles))
        }
        let admins = db.users.filter { $0.roles.contains(.admin) }
        let plan = try admins.explain()
        #expect(plan.index == "multikey:users__idx_users_roles" && plan.equalityColumns == ["element"])
        #expect(plan.description.hasPrefix("users by multikey:users__idx_users_roles (element = ?)"), "\(plan)")
        // The same records, in the same (primary-key) order, as the generated multikey query.
        #expect(try names(admins) == names(db.users.byRoles(roles: .admin)))
        #expect(try Set(names(admins)) == ["ann", "cy", "al"] && admins.count() == 3)
        // The rest of the filter is checked on each record the index gives.
        let adminsA = db.users.filter { $0.roles.contains(.admin) && $0.username.hasPrefix("a") }
        #expect(try Set(names(adminsA)) == ["ann", "al"] && adminsA.explain().index == "multikey:users__idx_users_roles")
        #expect(try db.users.filter { $0.roles.contains(.superadmin) }.count() == 0)

        // Writes move records in and out: the side table is kept by the repository.
        let bob = try #require(try db.users.get(username: "bob"))
        try users.update(id: bob.id) { $0.roles = [.admin] }
        let cy = try #require(try db.users.get(username: "cy"))
        #expect(try users.delete(id: cy.id))
        #expect(try Set(names(admins)) == ["ann", "bob", "al"])
    }

    /// A bound from an ordinary index wins; `contains` under `!` or `||` does not use the index.
    @Test func otherBoundsAndNonConjunctsKeepTheirPlans() throws {
        let db = try open()
        try db.appRuntime.users.insert(user("ann", [.admin]))
        try db.appRuntime.users.insert(user("bob", [.user]))
        let byName = db.users.filter { $0.username == "ann" && $0.roles.contains(.admin) }
        #expect(try byName.explain().index != "multikey:users__idx_users_roles" && names(byName) == ["ann"])
        let negated = db.users.filter { !$0.roles.contains(.admin) }
        #expect(try negated.explain().index == nil && names(negated) == ["bob"])
        let either = db.users.filter { $0.roles.contains(.admin) || $0.username == "bob" }
        #expect(try either.explain().index == nil && Set(names(either)) == ["ann", "bob"])
    }

    /// Pages of a planned multikey read resume by token and by cursor, in both orders.
    @Test func pagesResume() throws {
        let db = try open()
        for n in 0..<7 { try db.appRuntime.users.insert(user("u\(n)", n % 3 == 0 ? [.user] : [.admin, .user])) }
        for order in [QueryOrder.indexOrder, .reverse] {
            let query = db.users.filter(order: order) { $0.roles.contains(.admin) }
            let all = try names(query)
            #expect(all.count == 4)
            var seen: [String] = []
            var token: String?
            repeat {
                let page = try query.fetch(limit: 3, afterToken: token)
                seen += page.items.map(\.username)
                token = try page.nextToken
            } while token != nil
            #expect(seen == all)
            let first = try query.fetch(limit: 2)
            #expect(first.next?.plannedIndex == "multikey:users__idx_users_roles")
            #expect(try query.fetch(limit: 10, after: first.next).items.map(\.username) == Array(all.dropFirst(2)))
        }
    }
}
