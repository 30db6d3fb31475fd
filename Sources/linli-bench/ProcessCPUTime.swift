import Foundation

/// CPU seconds (user + system, all threads) this process has used so far. The benchmark prints CPU
/// per exchange next to the wall-clock rate: on a machine shared with other builds the wall rate
/// swings with their load, while the CPU an exchange costs stays comparable between runs.
enum ProcessCPUTime {
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return value(usage.ru_utime) + value(usage.ru_stime)
    }
}
