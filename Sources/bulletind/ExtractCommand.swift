import ArgumentParser
import BulletinCore
import BulletinPlugins

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

    func run() throws {
        let registry = try plugins.registry()
        var failed: ExitCode?
        for path in files {
            let bytes: [UInt8]
            do { bytes = try FileReader.read(path, limit: maxBytes) } catch {
                FileReader.stderr("bulletind extract: \(path): \(error)\n")
                failed = failed ?? ExitCodes.noInput
                continue
            }
            do {
                let doc = try Document(bytes: bytes, fileName: path)
                if explain {
                    let context = ExtractionContext(document: doc, lexicon: registry.lexicon)
                    print("== \(path)")
                    for line in Explanation.lines(context) { print(line) }
                    for o in registry.extract(doc) {
                        print(
                            "  => \(o.key) = \(o.value) \(o.unit.rawValue) \(o.status.rawValue) period=\(o.period.map(String.init) ?? "-") "
                                + "region=\(o.region ?? "-") level=\(o.level?.rawValue ?? "-") subject=\(o.subject ?? "-")"
                        )
                    }
                    continue
                }
                print(doc.extractJSON(file: path, observations: registry.extract(doc)))
            } catch {
                FileReader.stderr("bulletind extract: \(path): \(error)\n")
                failed = ExitCodes.dataError
            }
        }
        if let failed { throw failed }
    }
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
