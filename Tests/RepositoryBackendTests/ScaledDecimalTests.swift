import SchemaGenPostgres
@testable import SchemaGenPostgresAccess
import Testing

/// Store decimals (integers scaled by 10^scale) and PostgreSQL `numeric` text, by moving the
/// point in the digits: exact at the edges of 64 bits, and refusing what the column cannot hold.
@Suite struct ScaledDecimalTests {
    @Test(arguments: [
        (Int64(0), 3, "0.000"), (-5, 3, "-0.005"), (1_500, 3, "1.500"), (-123_456, 2, "-1234.56"), (42, 0, "42"),
        (.min, 2, "-92233720368547758.08"), (.max, 4, "922337203685477.5807"),
    ])
    func numericTextBothWays(_ scaled: Int64, _ scale: Int, _ text: String) throws {
        #expect(ScaledDecimal.numeric(scaled, scale: scale).text == text)
        #expect(ScaledDecimal.scaled(try #require(PostgresNumeric(text)), scale: scale) == scaled)
    }

    @Test func refusesWhatTheStoreCannotHold() throws {
        // Trailing zeros beyond the scale are the same value; other digits are not.
        #expect(ScaledDecimal.scaled(try #require(PostgresNumeric("1.50000")), scale: 2) == 150)
        #expect(ScaledDecimal.scaled(try #require(PostgresNumeric("1.505")), scale: 2) == nil)
        #expect(ScaledDecimal.scaled(try #require(PostgresNumeric("NaN")), scale: 2) == nil)
        #expect(ScaledDecimal.scaled(try #require(PostgresNumeric("92233720368547758.08")), scale: 2) == nil)
        #expect(ScaledDecimal.fits(99_999, precision: 5) && !ScaledDecimal.fits(-100_000, precision: 5))
    }
}
