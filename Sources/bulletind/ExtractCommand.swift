import ArgumentParser
import BulletinCore
import BulletinPlugins
import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `bulletind extract FILE…`: decode and extract without a database.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print the figures of bulletin files as JSON Lines, without a database.",
        discussion:
            """
            One line per file, in argument order. A file with no figures is a success; an unreadable or \
            undecodable file is reported on stderr and makes the exit status non-zero.
            """
    )

    @Argument(help: "Bulletin files (plain text or HTML; UTF-8, UTF-16, GB18030/GBK or Big5).")
    var files: [String]

    @Option(name: .long, help: "Largest file read, in bytes.")
    var maxBytes: Int = 64 * 1024 * 1024

    @Flag(
        name: .long,
        help:
            "Instead of JSON, explain every figure found: status, period, region, and what it is about for each plugin."
    )
    var explain = false

    @OptionGroup var plugins: PluginOptions

    @Option(name: .long, help: "Files extracted at once (0 = one per core). Output keeps argument order.")
    var jobs: Int = 0

    func validate() throws {
        if jobs < 0 { throw ValidationError("--jobs must be 0 or more") }
    }

    func run() throws {
        let registry = try plugins.registry()
        var failed: ExitCode?
        if explain {
            for path in files { report(Self.explained(path, maxBytes: maxBytes, registry: registry), &failed) }
        } else {
            // Files are independent: a window of them is extracted on every core, and printed in order.
            let width = jobs > 0 ? jobs : max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
            let window = width * 8
            var start = 0
            while start < files.count {
                let paths = Array(files[start..<min(files.count, start + window)])
                let results = ResultSlots(count: paths.count)
                DispatchQueue.concurrentPerform(iterations: min(width, paths.count)) { lane in
                    var i = lane
                    while i < paths.count {
                        results.set(i, Self.extracted(paths[i], maxBytes: maxBytes, registry: registry))
                        i += min(width, paths.count)
                    }
                }
                for r in results.all() { report(r, &failed) }
                start += window
            }
        }
        if let failed { throw failed }
    }

    /// One file's output line, or its error and exit status.
    enum FileResult: Sendable {
        case output(String)
        case failure(String, ExitCode)
    }

    private func report(_ result: FileResult, _ failed: inout ExitCode?) {
        switch result {
        case .output(let text): print(text)
        case .failure(let message, let code):
            FileReader.stderr(message)
            // An unreadable file (66) is kept unless a later one could not be decoded (65).
            failed = code == ExitCodes.noInput ? failed ?? code : code
        }
    }

    static func extracted(_ path: String, maxBytes: Int, registry: PluginRegistry) -> FileResult {
        let bytes: [UInt8]
        do { bytes = try FileReader.read(path, limit: maxBytes) } catch {
            return .failure("bulletind extract: \(path): \(error)\n", ExitCodes.noInput)
        }
        do {
            let sha256 = SHA256.hex(bytes)
            let extraction = try registry.extract(bytes: consume bytes, sha256: sha256, fileName: path, timing: nil)
            return .output(extraction.record.extractJSON(file: path, observations: extraction.observations))
        } catch {
            return .failure("bulletind extract: \(path): \(error)\n", ExitCodes.dataError)
        }
    }

    static func explained(_ path: String, maxBytes: Int, registry: PluginRegistry) -> FileResult {
        let bytes: [UInt8]
        do { bytes = try FileReader.read(path, limit: maxBytes) } catch {
            return .failure("bulletind extract: \(path): \(error)\n", ExitCodes.noInput)
        }
        do {
            let doc = try Document(bytes: bytes, fileName: path)
            let context = ExtractionContext(document: doc, lexicon: registry.lexicon)
            var lines = ["== \(path)"] + Explanation.lines(context)
            for o in registry.extract(doc) {
                lines.append(
                    "  => \(o.key) = \(o.value) \(o.unit.rawValue) \(o.status.rawValue) period=\(o.period.map(String.init) ?? "-") "
                        + "region=\(o.region ?? "-") level=\(o.level?.rawValue ?? "-") subject=\(o.subject ?? "-")"
                )
            }
            return .output(lines.joined(separator: "\n"))
        } catch {
            return .failure("bulletind extract: \(path): \(error)\n", ExitCodes.dataError)
        }
    }
}

/// The results of a window of files, filled from several threads.
private final class ResultSlots: Sendable {
    private let slots: Mutex<[ExtractCommand.FileResult?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func set(_ i: Int, _ r: ExtractCommand.FileResult) { slots.withLock { $0[i] = r } }

    func all() -> [ExtractCommand.FileResult] { slots.withLock { $0.compactMap { $0 } } }
}

/// Reads whole files for the command-line tools.
enum FileReader {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw ReadError(description: String(cString: strerror(errno))) }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n > 0 { out.append(contentsOf: buf[0..<n]) }
            if out.count > limit { throw ReadError(description: "larger than \(limit) bytes") }
            if n < buf.count {
                if ferror(f) != 0 { throw ReadError(description: String(cString: strerror(errno))) }
                break
            }
        }
        return out
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func stderr(_ s: String) {
        var bytes = Array(s.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress!, $0.count) }
    }
}
