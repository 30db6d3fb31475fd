/// A golden test written in the file: this input must be worth exactly this many points.
struct GoldenTest {
    var name: String
    var input: ValuationInput
    var context: ValuationContext
    var expectedPoints: Int
    var location: SourceLocation
    /// Where its `category:` is written: a category the file lacks is named there.
    var categoryLocation: SourceLocation
}
