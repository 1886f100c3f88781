import Logging
import Testing

@testable import DaemonSupport

@Suite("Log lines")
struct LogLineTests {
    private func line(_ metadata: Logger.Metadata, format: StderrLogHandler.Format = .logfmt, ts: String? = nil)
        -> String
    {
        String(
            decoding: StderrLogHandler.line(
                level: .info,
                message: "stored",
                metadata: metadata,
                format: format,
                timestamp: ts
            ),
            as: UTF8.self
        )
    }

    @Test func logfmtFieldsFollowLevelAndMessageInKeyOrder() {
        #expect(
            line(["sha256": "ab12", "file": "b1.txt", "observations": "11"])
                == "level=info msg=stored file=b1.txt observations=11 sha256=ab12\n"
        )
        #expect(line([:], ts: "2026-12-02T05:00:00Z") == "ts=2026-12-02T05:00:00Z level=info msg=stored\n")
    }

    @Test func logfmtQuotesOnlyWhatNeedsIt() {
        #expect(line(["file": "科技 公报.txt"]) == "level=info msg=stored file=\"科技 公报.txt\"\n")
        #expect(line(["file": "高新技术企业.txt"]) == "level=info msg=stored file=高新技术企业.txt\n")
        #expect(line(["e": ""]) == "level=info msg=stored e=\"\"\n")
        #expect(line(["e": "a=b"]) == "level=info msg=stored e=\"a=b\"\n")
        #expect(line(["e": "say \"hi\"\\now"]) == "level=info msg=stored e=\"say \\\"hi\\\"\\\\now\"\n")
        // A name with a newline or escape character cannot forge a second line.
        #expect(line(["file": "a\nlevel=error\u{1b}"]) == "level=info msg=stored file=\"a\\nlevel=error\\u{1b}\"\n")
    }

    @Test func jsonLinesCarryTheSameFields() {
        #expect(
            line(["file": "a \"b\".txt", "n": "2"], format: .json)
                == #"{"level":"info","msg":"stored","file":"a \"b\".txt","n":"2"}"# + "\n"
        )
    }
}
