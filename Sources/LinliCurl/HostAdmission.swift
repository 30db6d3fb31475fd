import LinliDelivery

/// Per-host and total connection caps, enforced before a transfer reaches curl.
///
/// curl's own `CURLMOPT_MAX_HOST_CONNECTIONS` / `MAX_TOTAL_CONNECTIONS` queue is a single FIFO
/// shared by all hosts that wakes one waiting transfer per completed one, head first: transfers to
/// a fast host queue up behind those of a hanging host until the hanging ones time out (measured:
/// 3 s stalls in `aHangingEndpointDoesNotDelayOthers`). So the loop keeps one queue per host, serves
/// hosts round-robin, and only hands curl what it can start at once; curl's caps stay set as a
/// backstop. Loop-thread only.
struct HostAdmission<Job> {
    let capPerHost: Int
    let capTotal: Int
    private var inFlight: [String: Int] = [:]
    private var inFlightTotal = 0
    private var waiting: [String: FIFOQueue<Job>] = [:]
    /// Hosts with waiting jobs, served round-robin when a slot frees elsewhere.
    private var waitingHosts: [String] = []
    private(set) var waitingCount = 0

    init(capPerHost: Int, capTotal: Int) {
        self.capPerHost = capPerHost
        self.capTotal = capTotal
    }

    /// True when `job` may start now (and counts it); false when it was queued.
    mutating func admit(_ job: Job, host: String) -> Bool {
        if inFlightTotal < capTotal && inFlight[host, default: 0] < capPerHost && waiting[host] == nil {
            take(host)
            return true
        }
        if waiting[host] == nil { waitingHosts.append(host) }
        waiting[host, default: FIFOQueue()].append(job)
        waitingCount += 1
        return false
    }

    /// A transfer to `host` finished: frees its slots and returns the job that may start now,
    /// already counted (its own host first, then other hosts round-robin), with its host.
    mutating func release(host: String) -> (job: Job, host: String)? {
        inFlightTotal -= 1
        inFlight[host, default: 1] -= 1
        if inFlight[host] == 0 { inFlight[host] = nil }
        guard waitingCount > 0 else { return nil }
        if let job = pop(host) { return (job, host) }
        for _ in 0..<waitingHosts.count {
            let candidate = waitingHosts.removeFirst()
            waitingHosts.append(candidate)
            if let job = pop(candidate) { return (job, candidate) }
        }
        return nil
    }

    /// The next queued job of `host` if that host (and the total) has room; counts it.
    private mutating func pop(_ host: String) -> Job? {
        guard inFlightTotal < capTotal, inFlight[host, default: 0] < capPerHost,
              let job = waiting[host]?.popFirst() else { return nil }
        waitingCount -= 1
        if waiting[host]?.isEmpty == true {
            waiting[host] = nil
            waitingHosts.removeAll { $0 == host }
        }
        take(host)
        return job
    }

    private mutating func take(_ host: String) {
        inFlight[host, default: 0] += 1
        inFlightTotal += 1
    }

    /// Removes and returns queued jobs whose total timeout has already run out.
    mutating func expire(at now: ContinuousClock.Instant, deadline: (Job) -> ContinuousClock.Instant) -> [Job] {
        guard waitingCount > 0 else { return [] }
        var expired: [Job] = []
        for host in Array(waiting.keys) {
            guard var queue = waiting[host] else { continue }
            expired += queue.all.filter { deadline($0) <= now }
            queue.retain { deadline($0) > now }
            waiting[host] = queue.isEmpty ? nil : queue
        }
        waitingHosts.removeAll { waiting[$0] == nil }
        waitingCount -= expired.count
        return expired
    }

    /// Everything still queued (shutdown).
    mutating func drain() -> [Job] {
        let all = waiting.values.flatMap(\.all)
        waiting.removeAll()
        waitingHosts.removeAll()
        waitingCount = 0
        return all
    }
}
