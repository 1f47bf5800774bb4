import Foundation

/// What the kernel counted for this process (`getrusage`): CPU time in user and system mode and
/// page faults. The difference over one workload says whether its time went to the process's own
/// code, to the kernel (page faults on the page file's map are system time), or to waiting for a
/// core on a loaded machine (wall time beyond user + system).
struct ProcessUsage {
    var userSeconds: Double
    var systemSeconds: Double
    var minorFaults: Int
    var majorFaults: Int

    static func now() -> ProcessUsage {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return ProcessUsage(userSeconds: seconds(usage.ru_utime), systemSeconds: seconds(usage.ru_stime),
                            minorFaults: Int(usage.ru_minflt), majorFaults: Int(usage.ru_majflt))
    }

    /// The usage between `earlier` and this one, as one line.
    func since(_ earlier: ProcessUsage) -> String {
        String(format: "user %.3f s, system %.3f s, %d minor / %d major page faults", userSeconds - earlier.userSeconds,
               systemSeconds - earlier.systemSeconds, minorFaults - earlier.minorFaults, majorFaults - earlier.majorFaults)
    }
}
