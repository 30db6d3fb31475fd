import LinliDomain

/// What webhook consumers learn about a posted transfer: ids, kind, amounts and the words of the
/// reason (which residents see on their statements anyway); never phone numbers, and never a
/// member's balance: `balance_after` is given for the community's system accounts only.
///
/// Why: a member's balance is read only through a recorded read (`GET …/ledger-reads` lists
/// every staff member who looked), and the API hides another member's balance even in the answer
/// to a staff member's own ledger write. An endpoint following `ledger.*`, which an organizer can
/// set up, received every member's balance after every transfer, unrecorded.
struct LedgerTransferPayload: Encodable {
    struct Line: Encodable {
        let account: String
        let amount: Int
        let balanceAfter: Int?
        enum CodingKeys: String, CodingKey { case account, amount, balanceAfter = "balance_after" }
    }

    let transferID: String
    let seq: Int
    let kind: String
    let amount: Int
    let reason: String
    let category: String?
    let reference: String?
    let reversesID: String?
    let actorID: String?
    let postings: [Line]

    init(_ transfer: Transfer) {
        transferID = transfer.id.rawValue
        seq = transfer.seq
        kind = transfer.kind.rawValue
        amount = transfer.amount
        reason = transfer.reason
        category = transfer.category
        reference = transfer.reference
        reversesID = transfer.reversesID?.rawValue
        actorID = transfer.actorID?.rawValue
        postings = transfer.postings.map {
            Line(account: $0.account.rawValue, amount: $0.amount, balanceAfter: $0.account.memberID == nil ? $0.balanceAfter : nil)
        }
    }

    enum CodingKeys: String, CodingKey {
        case transferID = "transfer_id", seq, kind, amount, reason, category, reference, reversesID = "reverses_id",
            actorID = "actor_id", postings
    }
}

/// A hold changed state.
struct LedgerHoldPayload: Encodable {
    let holdID: String
    let state: String
    let payerID: String
    let amount: Int
    let reference: String?
    let recipientID: String?
    let transferID: String?

    init(_ hold: Hold, transfer: TransferID?) {
        holdID = hold.id.rawValue
        state = hold.state.rawValue
        payerID = hold.payer.rawValue
        amount = hold.amount
        reference = hold.reference
        recipientID = hold.recipient?.rawValue
        transferID = transfer?.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case holdID = "hold_id", state, payerID = "payer_id", amount, reference, recipientID = "recipient_id",
            transferID = "transfer_id"
    }
}

extension LedgerHoldPayload: DirectJSONPayload {
    /// Every accept and completion emits one of these (`DirectJSONTests` keeps it equal to the encoder's).
    var directJSON: String? {
        DirectJSON.object([
            ("hold_id", .text(holdID)), ("state", .text(state)), ("payer_id", .text(payerID)), ("amount", .number(amount)),
            ("reference", reference.map(DirectJSON.Value.text)), ("recipient_id", recipientID.map(DirectJSON.Value.text)),
            ("transfer_id", transferID.map(DirectJSON.Value.text)),
        ])
    }
}

/// A member's balance reached the warning line (so an integration can remind them kindly): which
/// line, not the balance itself nor what is left above the limit (`balance`, `available` are
/// the member's own, answered to them; see `LedgerTransferPayload`).
struct LedgerWarningPayload: Encodable {
    let memberID: String
    let code: String
    let parameters: [String: String]
    let transferID: String

    init(_ warning: LedgerWarning, transfer: Transfer) {
        memberID = warning.member.rawValue
        code = warning.code
        parameters = warning.parameters.filter { $0.key != "balance" && $0.key != "available" }
        transferID = transfer.id.rawValue
    }

    enum CodingKeys: String, CodingKey { case memberID = "member_id", code, parameters, transferID = "transfer_id" }
}
