/// The words an enumeration takes, as messages list them ("item, time, skill"): the API's
/// `field.invalid_value` and `query.invalid` and the command line's input problems say the same.
public enum AllowedValues {
    public static func of<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> String where E.RawValue == String {
        E.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
