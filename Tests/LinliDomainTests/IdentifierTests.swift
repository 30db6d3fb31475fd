import Foundation
import LinliDomain
import Testing

@Suite struct IdentifierTests {
    @Test(arguments: [
        ("mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V", true),
        ("mem_01jd5q0z6w8k3m2n4p5r6s7t8v", false),  // lower case is not canonical
        ("hh_01JD5Q0Z6W8K3M2N4P5R6S7T8V", false),   // wrong prefix
        ("mem_01JD5Q0Z6W8K3M2N4P5R6S7T8", false),   // too short
        ("mem_01JD5Q0Z6W8K3M2N4P5R6S7T8VV", false), // too long
        ("mem_01JD5Q0Z6W8K3M2N4P5R6S7T8U", false),  // U is not in Crockford's alphabet
        ("mem_01JD5Q0Z6W8K3M2N4P5R6S7T8I", false),
        ("", false),
        ("mem_", false),
        ("mem-01JD5Q0Z6W8K3M2N4P5R6S7T8V", false),  // the separator is an underscore
        ("mex_01JD5Q0Z6W8K3M2N4P5R6S7T8V", false),
        ("mem_01JD5Q0Z6W8K3M2N4P5R6S7T8中", false),
    ])
    func parsing(text: String, valid: Bool) {
        #expect((MemberID(text) != nil) == valid)
    }

    @Test func generatedIdentifiersAreWellFormedAndStrictlyIncreasing() {
        let clock = ManualWallClock()
        let generator = RandomIDGenerator(clock: clock)
        var previous: MemberID = generator.next()
        for step in 0..<2_000 {
            if step % 500 == 0 { clock.advance(by: 0.001) }
            let next: MemberID = generator.next()
            #expect(MemberID(next.rawValue) != nil)
            #expect(previous < next)
            previous = next
        }
    }

    @Test func sequentialGeneratorIsDeterministic() {
        let first = SequentialIDGenerator(clock: ManualWallClock())
        let second = SequentialIDGenerator(clock: ManualWallClock())
        let a: [HouseholdID] = (0..<3).map { _ in first.next() }
        let b: [HouseholdID] = (0..<3).map { _ in second.next() }
        #expect(a == b)
        #expect(a[0] < a[1] && a[1] < a[2])
    }

    @Test func bodyEncodesTimeInTheFirstTenCharacters() {
        let early = CrockfordBase32.encodeBody(milliseconds: 1, entropyHigh: 0, entropyLow: 0)
        let late = CrockfordBase32.encodeBody(milliseconds: 2, entropyHigh: 0, entropyLow: 0)
        #expect(early == "00000000010000000000000000")
        #expect(late.prefix(10) == "0000000002")
        let maxEntropy = CrockfordBase32.encodeBody(milliseconds: 0, entropyHigh: .max, entropyLow: .max)
        #expect(maxEntropy == "0000000000ZZZZZZZZZZZZZZZZ")
    }

    @Test func codableRoundTripAndRejectsWrongKind() throws {
        let id = MemberID("mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V")!
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == #"["mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V"]"#)
        #expect(try JSONDecoder().decode([MemberID].self, from: data) == [id])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([HouseholdID].self, from: data)
        }
    }
}
