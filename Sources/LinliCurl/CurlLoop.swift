import CCurl
import Foundation
import LinliDelivery
import Synchronization

/// The loop thread: owns the multi handle and every easy handle.
///
/// Other threads only touch `inbox` (under a mutex) and call `curl_multi_wakeup`, the one multi
/// function documented as callable from any thread. A wakeup is only issued when the inbox goes
/// from empty to non-empty, so a burst of sends costs one wakeup, not one per request.
final class CurlLoop: @unchecked Sendable {
    private struct Inbox {
        var jobs: [CurlJob] = []
        var stopping = false
        var wakeupPending = false
    }

    private let configuration: CurlTransportConfiguration
    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    private let finished = DispatchSemaphore(value: 0)
    private let started = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)

    // Loop-thread state.
    private var idleHandles: [UnsafeMutableRawPointer] = []
    private var active: [UnsafeMutableRawPointer: Unmanaged<CurlTransfer>] = [:]
    private var hosts: HostAdmission<CurlJob>

    init(configuration: CurlTransportConfiguration) throws(CurlTransportError) {
        guard let multi = curl_multi_init() else {
            throw CurlTransportError(code: "curl.multi_init_failed", detail: "curl_multi_init returned NULL")
        }
        self.configuration = configuration
        self.multi = multi
        self.hosts = HostAdmission(capPerHost: configuration.maxHostConnections, capTotal: configuration.maxTotalConnections)
        // The per-host limit is `hosts`' alone, keyed by the endpoint's host. curl keys its own by
        // the host it connects to: through a proxy that is the proxy for every plain-http endpoint
        // (the pinned address for https), so one hanging receiver held every other endpoint's
        // send in curl's queue, where the wait used up the request's timeout (helper 171 #2).
        // curl's is set to the total, which `hosts` never exceeds.
        linli_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxTotalConnections)
        linli_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, configuration.maxTotalConnections)
        linli_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maxTotalConnections)
    }

    func start() {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "linli-curl"
        thread.start()
    }

    /// Hands a job to the loop thread, or fails it at once when stopping or over capacity.
    ///
    /// The loop is woken while the inbox lock is held: `stop()` marks the inbox stopping under
    /// the same lock before it frees the multi handle, so no wake-up can reach a freed handle
    /// (woken after the lock was released, a send racing shutdown could). The wake-up only
    /// writes a byte to libcurl's non-blocking socket pair.
    func enqueue(_ job: CurlJob) {
        let refusal = inbox.withLock { inbox -> String? in
            if inbox.stopping { return "transport is shut down" }
            if inbox.jobs.count >= configuration.maxQueuedRequests { return "transport queue is full" }
            inbox.jobs.append(job)
            if !inbox.wakeupPending {
                inbox.wakeupPending = true
                curl_multi_wakeup(multi)
            }
            return nil
        }
        if let refusal { job.fail(.cancelled, refusal) }
    }

    /// Asks the thread to stop and waits until it has cleaned up.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        inbox.withLock { $0.stopping = true }
        if started.load(ordering: .acquiring) {
            curl_multi_wakeup(multi)
            finished.wait()
        }
        curl_multi_cleanup(multi)
    }

    private func run() {
        while true {
            let (jobs, stopping) = inbox.withLock { inbox -> ([CurlJob], Bool) in
                let jobs = inbox.jobs
                inbox.jobs.removeAll(keepingCapacity: true)
                inbox.wakeupPending = false
                return (jobs, inbox.stopping)
            }
            if stopping {
                (jobs + hosts.drain()).forEach { $0.fail(.cancelled, "transport shut down") }
                cancelActive()
                break
            }
            for job in jobs {
                let host = HostKey.of(job.request.url)
                if hosts.admit(job, host: host), !begin(job, host: host) { finished(host: host) }
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            // Never sent: not the receiver's failure (helper 151 #2), though a step of the
            // message's schedule (`DeliveryPolicy.notSent`).
            for job in hosts.expire(at: .now, deadline: deadline) {
                job.fail(.queueTimeout, "waited too long for a free connection to the host; nothing was sent")
            }
            // Queued jobs are checked for expiry at least every 100 ms; otherwise curl's own
            // timers (and wakeups from `enqueue`) decide when to return.
            curl_multi_poll(multi, nil, 0, hosts.waitingCount > 0 ? 100 : 1000, nil)
        }
        for handle in idleHandles { curl_easy_cleanup(handle) }
        idleHandles.removeAll()
    }

    /// The request's total timeout (its own, or the transport's).
    private func totalTimeout(of job: CurlJob) -> Duration {
        job.request.totalTimeout ?? configuration.totalTimeout
    }

    /// How long a job may wait for a free connection to its host: as long again as its total
    /// timeout. Nothing has been sent while it waits, so running out here is `.queueTimeout`, which
    /// the receiver never saw (safe to retry); the transfer's own timeout starts when it starts.
    private func deadline(of job: CurlJob) -> ContinuousClock.Instant {
        job.started + totalTimeout(of: job)
    }

    /// Configures an easy handle for the job and adds it to the multi handle. The job has been
    /// counted against `host`; returns false (job already failed) when it could not be started,
    /// and the caller then releases the slot.
    private func begin(_ job: CurlJob, host: String) -> Bool {
        guard deadline(of: job) > .now else {
            job.fail(.queueTimeout, "waited too long for a free connection to the host; nothing was sent")
            return false
        }
        guard let handle = idleHandles.popLast() ?? newHandle() else {
            job.fail(.other, "could not create a curl easy handle")
            return false
        }
        let transfer = CurlTransfer(job: job, host: host, maxResponseBytes: configuration.maxResponseBytes,
                                    addressPolicy: configuration.addressPolicy)
        let retained = Unmanaged.passRetained(transfer)
        let code = CurlRequestSetup.configure(handle, for: job.request, transfer: transfer, retained: retained,
                                              totalTimeout: totalTimeout(of: job), configuration: configuration)
        guard code == CURLE_OK else {
            retained.release()
            idleHandles.append(handle)
            job.fail(.protocolRefused, "request rejected by curl: \(String(cString: curl_easy_strerror(code)))")
            return false
        }
        let added = curl_multi_add_handle(multi, handle)
        guard added == CURLM_OK else {
            // Never started, so never finished: without this the job's task would wait for ever
            // and a graceful stop would run out its grace (helper 151 #6).
            retained.release()
            curl_easy_cleanup(handle)
            job.fail(.other, "could not start the transfer: \(String(cString: curl_multi_strerror(added)))")
            return false
        }
        active[handle] = retained
        return true
    }

    private func newHandle() -> UnsafeMutableRawPointer? {
        guard let handle = curl_easy_init() else { return nil }
        guard CurlRequestSetup.configureNewHandle(handle, configuration: configuration) == CURLE_OK else {
            curl_easy_cleanup(handle)
            return nil
        }
        return handle
    }

    /// Frees a slot and starts the next job allowed to take it, if any (iteratively, so a long
    /// queue of jobs that fail to start cannot recurse deeply).
    private func finished(host: String) {
        var freed = host
        while let next = hosts.release(host: freed) {
            if begin(next.job, host: next.host) { return }
            freed = next.host
        }
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = linli_curl_msg_result(message)
            var status = 0
            linli_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            curl_multi_remove_handle(multi, handle)
            guard let retained = active.removeValue(forKey: handle) else { continue }
            let transfer = retained.takeRetainedValue()
            recycle(handle)
            transfer.job.continuation.resume(returning: transfer.result(code: code, statusCode: status))
            finished(host: transfer.host)
        }
    }

    /// Keeps up to `maxTotalConnections` easy handles for reuse (their TLS session and DNS caches
    /// stay warm); beyond that they are freed.
    private func recycle(_ handle: UnsafeMutableRawPointer) {
        if idleHandles.count < configuration.maxTotalConnections {
            idleHandles.append(handle)
        } else {
            curl_easy_cleanup(handle)
        }
    }

    private func cancelActive() {
        for (handle, retained) in active {
            curl_multi_remove_handle(multi, handle)
            curl_easy_cleanup(handle)
            retained.takeRetainedValue().job.fail(.cancelled, "transport shut down", inFlight: true)
        }
        active.removeAll()
    }
}
