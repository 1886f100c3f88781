import BulletinCore
import ServiceKit

/// Fault-injection points for the crash tests, compiled into debug builds only: a release
/// build has none, whatever its environment says.
enum FaultInjection {
    #if DEBUG
    /// `BULLETIND_FAULT_CRASH_ON`: a debug build traps while extracting a document whose body
    /// contains this text (empty or unset: never), as an extractor bug would.
    static let crashOn: String? = {
        guard let text = ProcessEnvironment.current()["BULLETIND_FAULT_CRASH_ON"], !text.isEmpty else { return nil }
        return text
    }()
    #endif

    /// Traps when `document` carries the text `BULLETIND_FAULT_CRASH_ON` names (debug builds).
    @inline(__always)
    static func crashIfRequested(_ document: DocumentRecord) {
        #if DEBUG
        if let text = crashOn, document.body.contains(text) {
            fatalError("fault injection: BULLETIND_FAULT_CRASH_ON matched \(document.fileName)")
        }
        #endif
    }
}
