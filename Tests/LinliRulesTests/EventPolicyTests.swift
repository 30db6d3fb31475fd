import Testing
@testable import LinliRules

/// The rule file's `events:` section: the norms of swap markets and activities that a community
/// may revise (household share, door, reminder), read with the defaults of a file without it and
/// every bad value reported at its line and column.
@Suite struct EventPolicyTests {
    /// The line of the first key under `events:` appended to `RuleFixture.text`.
    static var firstLine: Int { RuleFixture.text.split(separator: "\n", omittingEmptySubsequences: false).count + 1 }

    static func compiled(_ section: String) throws -> EventPolicy {
        try RuleFixture.compiled(RuleFixture.text + "events:\n" + section).ruleSet.events
    }

    @Test func absentSectionKeepsTheShippedNorms() throws {
        let events = try RuleFixture.compiled().ruleSet.events
        #expect(events == EventPolicy())
        #expect(events.defaultPerHouseholdLimit == 2)
        #expect(events.checkInOpensBeforeMinutes == 120)
        #expect(events.reminderLeadHours == 24)
    }

    @Test func defaultPresetStatesTheNormsItFollows() throws {
        let events = try RulePresets.compiled(named: "default").ruleSet.events
        #expect(events == EventPolicy(), "default.yaml writes the section out with the shipped values")
    }

    @Test func keysAreRead() throws {
        let events = try Self.compiled("  default_per_household_limit: 4\n  check_in_opens_before_minutes: 45\n  reminder_lead_hours: 48\n")
        #expect(events.defaultPerHouseholdLimit == 4)
        #expect(events.checkInOpensBeforeMinutes == 45)
        #expect(events.reminderLeadHours == 48)
        #expect(try Self.compiled("  check_in_opens_before_minutes: 0\n").checkInOpensBeforeMinutes == 0, "the door may open at the start")
        #expect(try Self.compiled("  reminder_lead_hours: 2\n").defaultPerHouseholdLimit == 2, "keys left out keep their defaults")
    }

    @Test(arguments: [
        // (line under events:, expected code)
        ("  default_per_household_limit: 0", RuleDiagnosticCode.outOfRange),
        ("  default_per_household_limit: 51", .outOfRange),
        ("  check_in_opens_before_minutes: -1", .outOfRange),
        ("  check_in_opens_before_minutes: 1441", .outOfRange),
        ("  reminder_lead_hours: 0", .outOfRange),
        ("  reminder_lead_hours: 169", .outOfRange),
        ("  reminder_lead_hours: \"24\"", .wrongType),
        ("  reminder_lead_hour: 24", .unknownKey),
    ] as [(String, RuleDiagnosticCode)])
    func badValuesAreReportedWhereTheyAre(line: String, code: RuleDiagnosticCode) throws {
        let report = RuleSetCompiler.check(RuleFixture.text + "events:\n" + line + "\n", fileName: "f.yaml")
        #expect(!report.isAccepted)
        let hit = try #require(report.errors.first)
        #expect(hit.code == code, "\(hit)")
        #expect(hit.line == Self.firstLine, "\(hit)")
        #expect(hit.column == 3 || hit.column > 3, "\(hit)")
        #expect(!hit.messageZH.isEmpty && !hit.messageEN.isEmpty)
    }
}
