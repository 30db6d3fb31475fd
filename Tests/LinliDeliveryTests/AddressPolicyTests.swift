import Testing
@testable import LinliDelivery

@Suite("SSRF address classification")
struct AddressPolicyTests {
    static let refused: [(String, AddressCategory)] = [
        ("127.0.0.1", .loopback), ("127.255.0.9", .loopback), ("::1", .loopback), ("[::1]", .loopback),
        ("::ffff:127.0.0.1", .loopback), ("::127.0.0.1", .loopback), ("64:ff9b::7f00:1", .loopback),
        ("2002:7f00:1::", .loopback),
        ("10.0.0.1", .privateUse), ("172.16.5.4", .privateUse), ("172.31.255.255", .privateUse),
        ("192.168.1.1", .privateUse), ("::ffff:10.1.2.3", .privateUse), ("::ffff:a01:203", .privateUse),
        ("169.254.169.254", .linkLocal), ("fe80::1", .linkLocal), ("fe80::1%eth0", .linkLocal),
        ("::ffff:169.254.169.254", .linkLocal),
        ("100.64.0.1", .sharedAddressSpace), ("100.127.255.254", .sharedAddressSpace),
        ("224.0.0.1", .multicast), ("ff02::1", .multicast),
        ("0.0.0.0", .unspecified), ("::", .unspecified), ("255.255.255.255", .broadcast),
        ("192.0.2.10", .documentation), ("198.51.100.1", .documentation), ("203.0.113.7", .documentation),
        ("2001:db8::1", .documentation),
        ("fc00::1", .uniqueLocal), ("fd12:3456::1", .uniqueLocal),
        ("240.0.0.1", .reserved), ("198.18.0.1", .reserved), ("2001:0:4136:e378::1", .reserved),
    ]

    @Test("internal and special addresses are refused", arguments: refused)
    func refusedAddresses(_ text: String, _ category: AddressCategory) throws {
        let address = try #require(IPAddress(text), "\(text) should parse")
        #expect(AddressPolicy().evaluate(address) == .refused(category))
    }

    @Test("public addresses are allowed", arguments: [
        "1.1.1.1", "8.8.8.8", "101.91.22.57", "172.32.0.1", "100.128.0.1", "192.169.0.1",
        "2606:4700:4700::1111", "2400:3200::1", "::ffff:8.8.8.8", "2002:808:808::1",
    ])
    func publicAddresses(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(AddressPolicy().evaluate(address) == .allowed)
    }

    @Test func allowListOverridesRefusalIncludingMappedForms() throws {
        let policy = try AddressPolicy(allowing: ["127.0.0.0/8", "::1/128"])
        for text in ["127.0.0.1", "::1", "::ffff:127.0.0.1"] {
            #expect(policy.evaluate(try #require(IPAddress(text))) == .allowed, "\(text)")
        }
        #expect(policy.evaluate(try #require(IPAddress("10.0.0.1"))) == .refused(.privateUse))
        #expect(throws: AddressPolicyError.self) { try AddressPolicy(allowing: ["127.0.0.0/33"]) }
        #expect(throws: AddressPolicyError.self) { try AddressPolicy(allowing: ["localhost"]) }
    }

    @Test("ambiguous or malformed text is not an address", arguments: [
        "0177.0.0.1", "127.1", "127.0.0.01", "256.0.0.1", "1.2.3", "1.2.3.4.5", "0x7f.0.0.1", "::ffff:127.0.0",
        "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::1", ":::", "localhost", "",
    ])
    func malformed(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func parsingRoundTripsThroughBytes() throws {
        let v6 = try #require(IPAddress("2001:db8:0:0:1::ffff"))
        #expect(IPAddress(bytes: v6.bytes) == v6)
        #expect(v6.description == "2001:db8:0:0:1:0:0:ffff")
        #expect(IPAddress(bytes: [10, 0, 0, 1]) == IPAddress("10.0.0.1"))
        #expect(IPAddress("1:2:3:4:5:6:1.2.3.4") == IPAddress("1:2:3:4:5:6:102:304"))
        #expect(IPNetwork("10.1.2.3/8")?.description == "10.0.0.0/8")
        #expect(IPNetwork("fc00::/7")?.contains(try #require(IPAddress("fdff::1"))) == true)
        #expect(IPNetwork("fc00::/7")?.contains(try #require(IPAddress("10.0.0.1"))) == false)
    }
}
