import BulletinCore
import BulletinIngest
import BulletinPlugins
import BulletinRules
import BulletinStore
import DaemonSupport
import Logging
import ServiceKit
import ServiceLifecycle

// bulletind-bench: benchmarks that print figures (never timed tests).
//
//   swift run -c release bulletind-bench extract [--seconds S] [FILE|DIR…]
//       decode + all four plugins over the files, repeated; prints MB/s and documents/s on one core.
//   swift run -c release bulletind-bench soak [--minutes M] [--rate R]
//       drops R files/s for M minutes and prints RSS every 10 s (memory must stay flat).
//   swift run -c release bulletind-bench e2e [--docs N]
//       N unique bulletins renamed into an inbox at once, drained by the queue into PostgreSQL
//       (PG* variables; a scratch database is created and dropped); prints documents/s and peak RSS.
//   swift run -c release bulletind-bench large [--large N] [--docs N]
//       N files of 16 MiB among ordinary bulletins, all at once; prints the peak RSS.
//   swift run -c release bulletind-bench probe [--probes N] [--idle N]
//       /healthz latency beside idle connections and a client sending a byte every 100 ms.
//
// Defaults use the project's own sample bulletins (Deploy/sample, Plugins/*/fixtures).
#if canImport(Glibc)
import Glibc
#endif

/// Seconds on the monotonic clock since the bench started.
let benchStart = ContinuousClock.now
func now() -> Double { (ContinuousClock.now - benchStart).seconds }

func readFile(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n > 0 { out.append(contentsOf: buf[0..<n]) }
        if n < buf.count { break }
    }
    return out
}

func listFiles(_ path: String) -> [String] {
    var st = stat()
    guard stat(path, &st) == 0 else { return [] }
    if st.st_mode & S_IFMT != S_IFDIR { return [path] }
    let names = ((try? FileOps.list(path)) ?? []).map(\.description).sorted()
    return names.filter { $0.hasSuffix(".txt") || $0.hasSuffix(".html") }.map { path + "/" + $0 }
}

/// A `/proc/self/status` field in KiB (`VmHWM:` is the peak RSS, `VmRSS:` the current one).
func statusKiB(_ field: String) -> Int {
    guard let f = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, f) != nil {
        let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if s.hasPrefix(field) { return Int(s.split(separator: " ").dropFirst().first ?? "0") ?? 0 }
    }
    return 0
}

func peakRSSKiB() -> Int { statusKiB("VmHWM:") }

/// `x` with `digits` decimals.
func fmt(_ x: Double, _ digits: Int = 2) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let v = (x * scale).rounded() / scale
    let whole = Int(v)
    var frac = String(Int(((v - Double(whole)) * scale).rounded()))
    while frac.count < digits { frac = "0" + frac }
    return digits == 0 ? String(whole) : "\(whole).\(frac)"
}

/// A letters-only tag that makes a file unique without adding figures.
func letters(_ i: Int) -> String {
    var k = i
    var out = ""
    repeat {
        out = String(Unicode.Scalar(UInt8(97 + k % 26))) + out
        k /= 26
    } while k > 0
    return out
}

func defaultInputs() -> [String] {
    var files = listFiles("Deploy/sample")
    for plugin in ["Enterprises", "Finance", "Commissioners", "Awards"] {
        files += listFiles("Plugins/\(plugin)/fixtures")
    }
    return files
}

/// Writes sample `i` (made unique) to `path`; a plain write (no fsync) keeps setup fast.
func writeSample(_ samples: [[UInt8]], _ i: Int, to path: String) {
    var body = samples[i % samples.count]
    body.append(contentsOf: Array("\n编号\(letters(i))\n".utf8))
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    _ = body.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
    close(fd)
}

/// A large file at `path` of about `limit` bytes: a saved web page (the article among menus,
/// styles and scripts) for even `i`, the sample bulletin repeated as plain text for odd `i`.
func writeLarge(_ sample: [UInt8], _ i: Int, limit: Int, to path: String) {
    var body: [UInt8] = []
    body.reserveCapacity(limit)
    if i % 2 == 0 {
        body += Array("<html><head><meta charset=\"utf-8\"><title>公报\(i)</title><style>".utf8)
        body += Array(String(repeating: ".nav{color:#333}", count: 2000).utf8)
        body += Array("</style></head><body><div class=\"nav\">首页 新闻 通知</div><div class=\"article\">".utf8)
        body += sample + Array("\n编号\(letters(i))\n</div>".utf8)
        let script = Array("<script>var s = \"\(String(repeating: "0123456789", count: 100))\";</script>\n".utf8)
        while body.count + script.count + 14 < limit { body += script }
        body += Array("</body></html>".utf8)
    } else {
        var k = 0
        while body.count + sample.count + 32 < limit {
            body += sample + Array("\n编号\(letters(i))-\(k)\n".utf8)
            k += 1
        }
    }
    let fd = open(path + (i % 2 == 0 ? ".html" : ".txt"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    _ = body.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
    close(fd)
}

/// A scratch database (created now, dropped by `drop()`) with the daemon's schema.
struct ScratchDatabase {
    let name: String
    let admin: PGClient
    let logger: Logger

    init(prefix: String, logger: Logger) throws(DatabaseError) {
        name = "\(prefix)_\(getpid())"
        self.logger = logger
        admin = PGClient(conninfo: "dbname=postgres", logger: logger)
        let name = name
        _ = try admin.runBlocking("create") { c throws(DatabaseError) in
            try c.execute("CREATE DATABASE \(name)", operation: "create")
        }
        _ = try PGClient(conninfo: conninfo, logger: logger).runBlocking("migrate") { c throws(DatabaseError) in
            try Migrations.apply(on: c, logger: logger)
        }
    }

    var conninfo: String { "dbname=\(name)" }

    func drop() throws(DatabaseError) {
        let name = name
        _ = try admin.runBlocking("drop") { c throws(DatabaseError) in
            try c.execute("DROP DATABASE \(name) WITH (FORCE)", operation: "drop")
        }
    }
}

/// A temporary folder with `inbox/` and `stage/` (files are written there, then renamed in).
struct WorkFolder {
    let root: String
    var inbox: String { root + "/inbox" }
    var stage: String { root + "/stage" }

    init(_ prefix: String) throws(FileError) {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        root = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        try FileOps.makeDirectories(inbox)
        try FileOps.makeDirectories(stage)
    }
}

/// The daemon's store and queue as one service group, and the queue's counters.
struct BenchDaemon {
    let group: ServiceGroup
    let stats: QueueStats
}

/// The daemon's store and queue over `inbox` and `database`, with `configure` applied to the
/// queue's default settings.
func makeDaemon(
    inbox: String,
    database: ScratchDatabase,
    logger: Logger,
    configure: (inout IngestConfiguration) -> Void = { _ in }
) -> BenchDaemon {
    let store = PostgresDocumentStore(configuration: .init(conninfo: database.conninfo), logger: logger)
    var configuration = IngestConfiguration(inbox: inbox)
    configure(&configuration)
    let pipeline = IngestPipeline(
        configuration: configuration,
        store: store,
        registry: .builtIn,
        clock: WallClock(),
        logger: logger,
        metrics: Metrics.prometheus()
    )
    let services: [ServiceGroupConfiguration.ServiceConfiguration] = [
        .init(service: store),
        .init(service: pipeline, successTerminationBehavior: .gracefullyShutdownGroup),
    ]
    return BenchDaemon(
        group: ServiceGroup(configuration: .init(services: services, logger: logger)),
        stats: pipeline.stats
    )
}

let usage =
    "usage: bulletind-bench extract [--seconds S] [FILE|DIR…] | e2e [--docs N] | soak [--minutes M] [--rate R]"
    + " | large [--large N] [--docs N] [--max-bytes-in-flight B] | probe [--probes N] [--idle N]"

var args = Array(CommandLine.arguments.dropFirst())
if args.contains("--help") || args.contains("-h") || args.first == "help" {
    // Every mode's options are in the one usage line; a request for help runs nothing.
    print(usage)
    exit(0)
}
let mode = args.first ?? "extract"
if !args.isEmpty { args.removeFirst() }

@MainActor func option(_ name: String, _ fallback: Double) -> Double {
    if let i = args.firstIndex(of: name), i + 1 < args.count, let v = Double(args[i + 1]) {
        args.removeSubrange(i...(i + 1))
        return v
    }
    return fallback
}

switch mode {
case "extract":
    // Two registries side by side in one run: the four catalog plugins alone, and every
    // built-in plugin with the operator packs of --plugins-dir (default Deploy/plugins.d).
    let seconds = option("--seconds", 3)
    var packsDir = "Deploy/plugins.d"
    if let i = args.firstIndex(of: "--plugins-dir"), i + 1 < args.count {
        packsDir = args[i + 1]
        args.removeSubrange(i...(i + 1))
    }
    let paths = args.isEmpty ? defaultInputs() : args.flatMap(listFiles)
    let inputs = paths.compactMap(readFile)
    guard !inputs.isEmpty else {
        print("no input files")
        exit(66)
    }
    let catalog = try PluginRegistry(Array(PluginRegistry.builtInPlugins.prefix(4)))
    let packs = try RulePackDirectory.load(packsDir)
    let everything = try PluginRegistry.with(operatorPacks: packs)
    /// Extracts every input for about `seconds`; returns bytes, documents, observations, elapsed.
    func measure(_ registry: PluginRegistry, _ seconds: Double) -> (Int, Int, Int, Double) {
        var bytes = 0
        var docs = 0
        var observations = 0
        let start = now()
        while now() - start < seconds {
            for b in inputs {
                // What a worker does: hash, decode (segments for long texts), every plugin.
                let extraction = try? registry.extract(bytes: b, sha256: SHA256.hex(b), fileName: "x", timing: nil)
                observations += extraction?.observations.count ?? 0
                bytes += b.count
                docs += 1
            }
        }
        return (bytes, docs, observations, now() - start)
    }
    var totals: [(Int, Int, Int, Double)] = [(0, 0, 0, 0), (0, 0, 0, 0)]
    for _ in 0..<2 {  // interleaved halves, so both see the same machine
        for (k, registry) in [catalog, everything].enumerated() {
            let r = measure(registry, seconds / 2)
            totals[k] = (totals[k].0 + r.0, totals[k].1 + r.1, totals[k].2 + r.2, totals[k].3 + r.3)
        }
    }
    var mbps: [Double] = []
    for (k, name) in ["4 catalog plugins", "\(everything.plugins.count) plugins (\(packs.count) operator packs)"]
        .enumerated()
    {
        let (bytes, docs, observations, elapsed) = totals[k]
        mbps.append(Double(bytes) / elapsed / 1e6)
        print(
            "extract, \(name): \(inputs.count) files, \(docs) documents in \(fmt(elapsed)) s on one core: "
                + "\(fmt(mbps[k], 1)) MB/s, \(Int(Double(docs) / elapsed)) documents/s, "
                + "\(observations / max(docs, 1)) observations/document"
        )
    }
    print("extract: with every plugin and pack, \(fmt(100 * mbps[1] / mbps[0], 0))% of the catalog plugins' speed")
case "e2e":
    let n = Int(option("--docs", 5000))
    let logger = Logger(label: "bench") { StderrLogHandler(label: $0, format: .logfmt, level: .warning) }
    let database: ScratchDatabase
    do {
        database = try ScratchDatabase(prefix: "bulletind_bench", logger: logger)
    } catch {
        print(
            "e2e: cannot create a database (start one: Deploy/pg-dev.sh start; "
                + "eval \"$(Deploy/pg-dev.sh env)\"): \(error)"
        )
        exit(69)
    }
    let samples = defaultInputs().compactMap(readFile)
    let work = try WorkFolder("bulletind-bench")
    for i in 0..<n { writeSample(samples, i, to: work.stage + "/doc\(i).txt") }
    let daemon = makeDaemon(inbox: work.inbox, database: database, logger: logger)
    let group = daemon.group
    let stats = daemon.stats
    var elapsed = 0.0
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        try await Task.sleep(for: .milliseconds(300))
        let start = now()
        for i in 0..<n { rename(work.stage + "/doc\(i).txt", work.inbox + "/doc\(i).txt") }
        var lastReport = start
        while stats.done.load(ordering: .relaxed) + stats.failed.load(ordering: .relaxed) < n {
            try await Task.sleep(for: .milliseconds(10))
            if now() - lastReport >= 10 {
                lastReport = now()
                let done = stats.done.load(ordering: .relaxed)
                print("e2e: t=\(Int(lastReport - start)) s done=\(done) rss_peak=\(peakRSSKiB() / 1024) MiB")
            }
        }
        elapsed = now() - start
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
    let stored = try PGClient(conninfo: database.conninfo, logger: logger).runBlocking("count") {
        c throws(DatabaseError) in
        try c.execute("SELECT count(*) FROM bulletin.documents", operation: "count").scalar ?? "0"
    }
    print(
        "e2e: \(n) documents drained in \(fmt(elapsed)) s = \(Int(Double(n) / elapsed)) documents/s "
            + "(stored \(stored)); peak RSS \(peakRSSKiB() / 1024) MiB"
    )
    try database.drop()
    _ = system("rm -rf '\(work.root)'")
case "soak":
    // Drops files at a steady rate for a long time and prints RSS over time: memory must stay flat.
    let minutes = option("--minutes", 60)
    let rate = option("--rate", 50)
    let logger = Logger(label: "bench") { StderrLogHandler(label: $0, format: .logfmt, level: .warning) }
    let database = try ScratchDatabase(prefix: "bulletind_soak", logger: logger)
    let samples = defaultInputs().compactMap(readFile)
    let work = try WorkFolder("bulletind-soak")
    let daemon = makeDaemon(inbox: work.inbox, database: database, logger: logger)
    let group = daemon.group
    let stats = daemon.stats
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let start = now()
        var i = 0
        var nextReport = start + 10
        print("soak: \(minutes) min at \(Int(rate)) files/s; RSS every 10 s")
        while now() - start < minutes * 60 {
            writeSample(samples, i, to: work.stage + "/s\(i).txt")
            rename(work.stage + "/s\(i).txt", work.inbox + "/s\(i).txt")
            i += 1
            // Keep done/ from growing without bound on the bench machine.
            if i % 1000 == 0 { _ = system("find '\(work.inbox)/.bulletind/done' -type f -delete") }
            let due = start + Double(i) / rate
            if due > now() { try await Task.sleep(for: .milliseconds(Int64((due - now()) * 1000))) }
            if now() >= nextReport {
                let done = stats.done.load(ordering: .relaxed)
                let rss = statusKiB("VmRSS:") / 1024
                print(
                    "soak: t=\(Int(now() - start)) s dropped=\(i) done=\(done) rss=\(rss) MiB "
                        + "peak=\(peakRSSKiB() / 1024) MiB"
                )
                fflush(nil)  // a long soak redirected to a file shows its samples as they come
                nextReport += 10
            }
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
    try database.drop()
    _ = system("rm -rf '\(work.root)'")
case "large":
    MemoryTuning.returnLargeBuffersToTheSystem()
    // A backfill of large saved pages: LARGE files just under the 16 MiB limit (saved web pages
    // and plain texts, alternately) among DOCS ordinary bulletins, all dropped at once. Peak RSS
    // must stay under 128 MiB: the bytes in flight are bounded by max_bytes_in_flight.
    let large = Int(option("--large", 8))
    let n = Int(option("--docs", 200))
    let inFlight = Int(option("--max-bytes-in-flight", Double(IngestConfiguration(inbox: "").maxBytesInFlight)))
    let logger = Logger(label: "bench") { StderrLogHandler(label: $0, format: .logfmt, level: .warning) }
    let database: ScratchDatabase
    do {
        database = try ScratchDatabase(prefix: "bulletind_large", logger: logger)
    } catch {
        print("large: cannot create a database (Deploy/pg-dev.sh start; eval \"$(Deploy/pg-dev.sh env)\"): \(error)")
        exit(69)
    }
    let samples = defaultInputs().compactMap(readFile)
    let work = try WorkFolder("bulletind-large")
    let limit = 16 * 1024 * 1024
    for i in 0..<large { writeLarge(samples[0], i, limit: limit - 4096, to: work.stage + "/large\(i)") }
    for i in 0..<n { writeSample(samples, i, to: work.stage + "/doc\(i).txt") }
    let baseline = statusKiB("VmRSS:") / 1024
    let daemon = makeDaemon(inbox: work.inbox, database: database, logger: logger) {
        $0.maxBytesInFlight = inFlight
        $0.maxFileBytes = limit
    }
    let group = daemon.group
    let stats = daemon.stats
    var elapsed = 0.0
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        try await Task.sleep(for: .milliseconds(300))
        let start = now()
        for name in listFiles(work.stage) {
            let base = name.split(separator: "/").last.map(String.init) ?? name
            rename(name, work.inbox + "/" + base)
        }
        while stats.done.load(ordering: .relaxed) + stats.failed.load(ordering: .relaxed) < n + large {
            try await Task.sleep(for: .milliseconds(10))
        }
        elapsed = now() - start
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
    let stored = try PGClient(conninfo: database.conninfo, logger: logger).runBlocking("count") {
        c throws(DatabaseError) in
        try c.execute("SELECT count(*) FROM bulletin.documents", operation: "count").scalar ?? "0"
    }
    print(
        "large: \(large) files of 16 MiB and \(n) bulletins in \(fmt(elapsed)) s (stored \(stored), failed "
            + "\(stats.failed.load(ordering: .relaxed))); max_bytes_in_flight \(inFlight / 1024 / 1024) MiB; "
            + "RSS before \(baseline) MiB, peak RSS \(peakRSSKiB() / 1024) MiB"
    )
    try database.drop()
    _ = system("rm -rf '\(work.root)'")
case "probe":
    try await ProbeBench.run(count: Int(option("--probes", 200)), idle: Int(option("--idle", 5)))
default:
    print(usage)
    exit(64)
}
