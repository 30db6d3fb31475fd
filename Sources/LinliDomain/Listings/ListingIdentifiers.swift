/// Identifier spaces of the listings capability.
///
/// The item/time/skill enum is called `ListingKind`, so the identifier kinds carry an `ID` infix.
public enum ListingIDKind: IdentifierKind { public static let prefix = "lst" }
public enum ReviewIDKind: IdentifierKind { public static let prefix = "rev" }
public enum ListingEditIDKind: IdentifierKind { public static let prefix = "led" }

public typealias ListingID = Identifier<ListingIDKind>
public typealias ReviewID = Identifier<ReviewIDKind>
public typealias ListingEditID = Identifier<ListingEditIDKind>
