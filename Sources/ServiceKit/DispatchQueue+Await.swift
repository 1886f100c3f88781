import Dispatch

extension DispatchQueue {
    /// Runs blocking `work` on this queue and suspends the calling task until it returns, so
    /// that a blocking call never occupies a thread of Swift's cooperative pool.
    public func perform<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            self.async {
                continuation.resume(returning: work())
            }
        }
    }
}
