/// What happens to referencing rows when the referenced row is deleted.
public enum ReferentialAction: String, Sendable, Hashable {
    case cascade
    case setNull = "set null"
    case restrict
}
