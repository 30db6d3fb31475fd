/// A community's ledger at a glance, for organizers' reports and the residents' notice board.
///
/// All amounts are integer points. Velocity is a ratio, given in per mille so it stays an integer:
/// points settled by exchanges in the window per 1000 points in circulation.
public struct LedgerSummary: Hashable, Sendable {
    /// How much of each kind moved in the window.
    public struct KindVolume: Hashable, Sendable {
        public let kind: TransferKind
        public let transfers: Int
        public let points: Int

        public init(kind: TransferKind, transfers: Int, points: Int) {
            self.kind = kind
            self.transfers = transfers
            self.points = points
        }
    }

    public let windowDays: Int
    public let windowStart: LedgerTimestamp
    public let windowEnd: LedgerTimestamp
    /// Member accounts that have ever been posted to.
    public let memberAccounts: Int
    /// Member accounts whose balance is not zero: the ones the member sums are made of.
    public let accountsHoldingBalance: Int
    /// Sum of positive member balances: points residents hold and can spend.
    public let pointsInCirculation: Int
    /// Sum of negative member balances, as a positive number: credit residents are using.
    public let creditInUse: Int
    /// Points in escrow for accepted exchanges, and how many holds are open.
    public let escrowHeld: Int
    public let openHolds: Int
    public let donationsPool: Int
    public let penaltiesCollected: Int
    /// Points ever put into circulation by admin issuance (adjustments from the issuance account,
    /// and points paid out of the donations pool, which donations fill from it: points still in
    /// the pool are `donationsPool`, not counted here) and by organizer rewards.
    public let issuedByIssuance: Int
    public let issuedByRewards: Int
    /// How much the exchanges of one listing category settled in the window (the issue's "top
    /// categories": what the community trades in, not only how points moved).
    public struct CategoryVolume: Hashable, Sendable {
        /// The listing's category code as stored (`/v1/categories` names it).
        public let category: String
        public let exchanges: Int
        public let points: Int

        public init(category: String, exchanges: Int, points: Int) {
            self.category = category
            self.exchanges = exchanges
            self.points = points
        }
    }

    /// Points settled by exchanges (direct, or released to providers) in the window, less those
    /// whose settlement was reversed (whenever the reversal was made).
    public let exchangeVolume: Int
    public let velocityPerMille: Int
    public let transfersInWindow: Int
    /// Kinds by points moved in the window, largest first.
    public let topKinds: [KindVolume]
    /// Listing categories by points their exchanges settled in the window, largest first (ten
    /// at most).
    public let topCategories: [CategoryVolume]

    public init(
        windowDays: Int, windowStart: LedgerTimestamp, windowEnd: LedgerTimestamp, memberAccounts: Int,
        accountsHoldingBalance: Int? = nil, pointsInCirculation: Int, creditInUse: Int, escrowHeld: Int, openHolds: Int, donationsPool: Int,
        penaltiesCollected: Int, issuedByIssuance: Int, issuedByRewards: Int, exchangeVolume: Int,
        transfersInWindow: Int, topKinds: [KindVolume], topCategories: [CategoryVolume] = []
    ) {
        self.windowDays = windowDays
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.memberAccounts = memberAccounts
        self.accountsHoldingBalance = accountsHoldingBalance ?? memberAccounts
        self.pointsInCirculation = pointsInCirculation
        self.creditInUse = creditInUse
        self.escrowHeld = escrowHeld
        self.openHolds = openHolds
        self.donationsPool = donationsPool
        self.penaltiesCollected = penaltiesCollected
        self.issuedByIssuance = issuedByIssuance
        self.issuedByRewards = issuedByRewards
        self.exchangeVolume = exchangeVolume
        self.velocityPerMille = Self.velocity(volume: exchangeVolume, circulation: pointsInCirculation)
        self.transfersInWindow = transfersInWindow
        self.topKinds = topKinds.sorted { ($0.points, $1.kind.rawValue) > ($1.points, $0.kind.rawValue) }
        self.topCategories = topCategories.sorted { ($0.points, $0.exchanges, $1.category) > ($1.points, $1.exchanges, $0.category) }
    }

    /// Volume per 1000 points in circulation, rounded down; 0 when nothing circulates.
    public static func velocity(volume: Int, circulation: Int) -> Int {
        circulation > 0 ? volume * 1000 / circulation : 0
    }

    /// Window lengths accepted, in days.
    public static let windowRange = 1...366

    /// Below this many member accounts holding a balance, readers who may not read others'
    /// balances (`ledger.read_others`) see only the window and the account count.
    /// Why: the figures are sums over members. With two accounts, a resident who knows her own
    /// balance reads her neighbour's off `points_in_circulation` or `credit_in_use`, a penalty off
    /// `penalties_collected`, and an adjustment paid from the donations pool off `donations_pool`; a new
    /// community, where trust is still being won, starts that small. Counted among accounts whose
    /// balance is not zero (session 30): accounts ever posted to include staff and settled
    /// residents at zero, which add nothing to the sums and so hide no one.
    public static let minimumAccountsForResidents = 5

    /// Whether `principal`'s summary leaves out the member figures (`minimumAccountsForResidents`).
    public func withholdsMemberFigures(from principal: Principal) -> Bool {
        accountsHoldingBalance < Self.minimumAccountsForResidents && !principal.can(.ledgerReadOthers)
    }
}
