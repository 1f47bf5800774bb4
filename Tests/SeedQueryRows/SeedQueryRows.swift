/// The one comparison of a seed query fixture step's rows (Tests/Fixtures/seed_queries/<schema>.json)
/// with the rows a run returned, shared by the SQL side (`SeedQueryServerTests`, SchemaEmittersTests)
/// and the store side (`SeedQueryFixture`, GeneratedCodeTests) so both judge a step alike.
public enum SeedQueryRows {
    /// Whether `actual` are the `expected` rows: in order, or, for an unordered step (GROUP BY
    /// without ORDER BY, whose order no server promises), as the same rows in any order.
    public static func match(_ actual: [[String]], expected: [[String]], unordered: Bool) -> Bool {
        guard unordered else { return actual == expected }
        return actual.sorted(by: precedes) == expected.sorted(by: precedes)
    }

    private static func precedes(_ left: [String], _ right: [String]) -> Bool {
        left.lexicographicallyPrecedes(right)
    }
}
