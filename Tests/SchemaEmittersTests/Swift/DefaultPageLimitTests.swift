import SchemaGenRuntime
import SchemaLanguage
import Testing

/// The change model classifies a `pages at most` change against the page size of an entity
/// without one; that must be the size the runtime actually clamps to.
@Suite struct DefaultPageLimitTests {
    @Test func theLanguageDefaultIsTheRuntimeDefault() {
        #expect(Entity.defaultPageLimit == Page<Int>.maximumLimit)
    }
}
