import Foundation
import HostileNamesPostgres
import NamesData
import SchemaGenRuntime
import Testing
import SeededRandomness

/// Doubles and decimals in the random differential: rows of the hostile-names `every_types` table
/// (a `double`, a `double?`, a `decimal(12, 3)` and a `decimal(12, 3)?`, with -0.0, NaN, the
/// infinities and the column's extremes among the values) written alike to both backends, then
/// random filters and aggregates on those fields compared exactly (doubles by their bits). On
/// PostgreSQL filter terms on both kinds, and decimal minima, maxima and group keys, run in the
/// statement; double group keys, minima and maxima and every sum of these stay in Swift.
@Suite struct PushdownNumberDifferentialTests {
    let directory = TemporaryDirectory()

    static let ratios: [Double] = [0, -0.0, 1.5, -2.25, .infinity, -.infinity, .nan, .greatestFiniteMagnitude,
                                   -.leastNonzeroMagnitude, 0.1, 1e-300, 3]
    /// Stored values, and bounds the column cannot hold exactly (more fraction digits, beyond its precision).
    static let amounts = ["0", "-0.001", "0.001", "1.5", "-999999999.999", "999999999.999", "12.345", "-12.345", "3"]
        .map { Decimal(string: $0)! }
    static let bounds = amounts + ["1.2345", "-0.0005", "1e30", "-1e30"].map { Decimal(string: $0)! }

    @Test(arguments: [UInt64(16), 1_616])
    func storeAndPostgresAnswerRandomQueriesOnDoublesAndDecimalsAlike(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let twins = try EveryTypeTwins(storeAt: directory.path, rows: (0..<150).map { _ in Self.randomRow(&random) })
        defer { twins.close() }
        let (store, postgres) = (twins.store, twins.postgres)
        for round in 0..<PushdownDifferentialTests.queryCount {
            var random = SeededRandom(seed: seed &* 1_000_003 &+ UInt64(round))
            let (description, storeAnswer) = try Self.answer(&random, store.everyTypes)
            random = SeededRandom(seed: seed &* 1_000_003 &+ UInt64(round))
            let (_, postgresAnswer) = try Self.answer(&random, postgres.everyTypes)
            #expect(storeAnswer == postgresAnswer, "query \(round): \(description)")
            if storeAnswer != postgresAnswer { return }
        }
        // Filters on both kinds and a decimal group key are one statement, with nothing left for Swift.
        let f = EveryType.queryFields
        let filtered = postgres.everyTypes.all().filter(f.ratio > 1.0 && f.amountOpt < Decimal(5) && !(f.ratioOpt == -0.0))
        #expect(try filtered.explain().backendStatement == """
            postgres: SELECT count(*) FROM "every_types" WHERE "ratio" > $1 AND "amount_opt" <= $2 AND (NOT "ratio_opt" = $3)
            """)
        #expect(try filtered.group(by: f.amount).explain().backendStatement == """
            postgres: SELECT "amount", count(*) FROM "every_types" WHERE "ratio" > $1 AND "amount_opt" <= $2 AND (NOT "ratio_opt" = $3) \
            GROUP BY 1 ORDER BY 1 ASC NULLS FIRST
            """)
    }

    static func randomRow(_ random: inout SeededRandom) -> EveryType {
        var row = EveryValueTypeBackendTests.sparse
        row.ratio = ratios[random.int(0..<ratios.count)]
        row.ratioOpt = random.int(0..<4) == 0 ? nil : ratios[random.int(0..<ratios.count)]
        row.amount = amounts[random.int(0..<amounts.count)]
        row.amountOpt = random.int(0..<4) == 0 ? nil : amounts[random.int(0..<amounts.count)]
        row.flag = random.bool()
        return row
    }

    static func filter(_ random: inout SeededRandom, depth: Int) -> QueryFilter<EveryType> {
        random.filter(depth: depth, leaf: filterTerm)
    }

    static func filterTerm(_ random: inout SeededRandom) -> QueryFilter<EveryType> {
        let f = EveryType.queryFields
        let ratio = ratios[random.int(0..<ratios.count)]
        let bound = bounds[random.int(0..<bounds.count)]
        let operation = random.int(0..<6)
        switch random.int(0..<9) {
        case 0: return [f.ratio == ratio, f.ratio != ratio, f.ratio < ratio, f.ratio <= ratio, f.ratio > ratio, f.ratio >= ratio][operation]
        case 1:
            return [f.ratioOpt == ratio, f.ratioOpt != ratio, f.ratioOpt < ratio, f.ratioOpt <= ratio, f.ratioOpt > ratio,
                    f.ratioOpt >= ratio][operation]
        case 2: return f.ratioOpt.isIn((0..<random.int(0..<4)).map { _ in ratios[random.int(0..<ratios.count)] })
        case 3: return random.bool() ? f.ratioOpt.isNull : f.amountOpt.isNotNull
        case 4:
            return [f.amount == bound, f.amount != bound, f.amount < bound, f.amount <= bound, f.amount > bound, f.amount >= bound][operation]
        case 5:
            return [f.amountOpt == bound, f.amountOpt != bound, f.amountOpt < bound, f.amountOpt <= bound, f.amountOpt > bound,
                    f.amountOpt >= bound][operation]
        case 6: return f.amountOpt.isIn((0..<random.int(0..<4)).map { _ in bounds[random.int(0..<bounds.count)] })
        case 7: return f.ratio.isIn([ratio, ratios[random.int(0..<ratios.count)]])
        default: return f.flag == random.bool()
        }
    }

    /// One random query over `everyTypes`: its description and its answer as exact text.
    static func answer<Access>(_ random: inout SeededRandom, _ everyTypes: EveryTypeRepository<Access>) throws -> (String, [String]) {
        let f = EveryType.queryFields
        let condition = filter(&random, depth: 2)
        let order: QueryOrder = random.bool() ? .indexOrder : .reverse
        let query = Query<EveryType, Access>(access: everyTypes.access, planning: condition, order: order, scope: nil)
        let description = "\(order) where \(condition.text)"
        let orders: [GroupOrder] = [.keyAscending, .keyDescending, .valueAscending, .valueDescending]
        let groupOrder = orders[random.int(0..<4)]
        let limit: Int? = random.bool() ? nil : random.int(-1..<4)
        let how = "\(groupOrder) limit \(String(describing: limit))"
        switch random.int(0..<12) {
        case 0: return ("all: \(description)", try query.all().map(line))
        case 1: return ("first: \(description)", [try query.first().map(line) ?? "none"])
        case 2: return ("count: \(description)", ["\(try query.count())"])
        case 3:
            let size = random.int(1..<30)
            var pages: [String] = []
            var cursor: PageCursor?
            repeat {
                let page = try query.fetch(limit: size, after: cursor)
                pages.append(page.items.map(line).joined(separator: ";") + (page.hasMore ? " more" : " end"))
                cursor = page.next
            } while cursor != nil
            return ("pages of \(size): \(description)", pages)
        case 4: return ("min amount, max amount_opt: \(description)", ["\(text(try query.min(f.amount))) \(text(try query.max(f.amountOpt)))"])
        case 5: return ("min ratio, max ratio_opt: \(description)", ["\(bits(try query.min(f.ratio))) \(bits(try query.max(f.ratioOpt)))"])
        case 6: return ("sum amount, average amount_opt: \(description)", ["\(text(try query.sum(f.amount))) \(text(try query.average(f.amountOpt)))"])
        case 7:
            return ("count by amount \(how): \(description)",
                    try query.group(by: f.amount).count(order: groupOrder, limit: limit).map { "\(text($0.key))=\($0.value)" })
        case 8:
            return ("max amount_opt by flag \(how): \(description)",
                    try query.group(by: f.flag).max(f.amountOpt, order: groupOrder, limit: limit).map { "\($0.key)=\(text($0.value))" })
        case 9:
            return ("min amount by amount_opt \(how): \(description)",
                    try query.group(by: f.amountOpt).min(f.amount, order: groupOrder, limit: limit).map { "\(text($0.key))=\(text($0.value))" })
        case 10:
            return ("count by ratio_opt \(how): \(description)",
                    try query.group(by: f.ratioOpt).count(order: groupOrder, limit: limit).map { "\(bits($0.key))=\($0.value)" })
        default:
            return ("min ratio_opt by flag \(how): \(description)",
                    try query.group(by: f.flag).min(f.ratioOpt, order: groupOrder, limit: limit).map { "\($0.key)=\(bits($0.value))" })
        }
    }

    /// A row's numbers as exact text: doubles by their bits (-0.0 and NaN too), decimals in full.
    static func line(_ row: EveryType) -> String {
        "\(row.id) \(bits(row.ratio)) \(bits(row.ratioOpt)) \(text(row.amount)) \(text(row.amountOpt)) \(row.flag)"
    }

    static func bits(_ value: Double?) -> String { value.map { "\($0.bitPattern)" } ?? "nil" }
    static func text(_ value: Decimal?) -> String { value.map { "\($0)" } ?? "nil" }
}
