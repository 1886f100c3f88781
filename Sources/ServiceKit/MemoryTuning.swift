/// Process-wide allocator settings for a daemon that handles files of very different sizes.
public enum MemoryTuning {
    /// Makes glibc serve every allocation of 1 MiB or more with its own mapping, returned to the
    /// system when freed. By default glibc raises that threshold after the first large free (up
    /// to 32 MiB), so the scalar arrays of one large page stay in the heap afterwards and the
    /// next large page adds to them.
    public static func returnLargeBuffersToTheSystem() {
        #if os(Linux)
        _ = glibcMallopt(-3, 1 << 20)  // M_MMAP_THRESHOLD
        _ = glibcMallopt(-1, 4 << 20)  // M_TRIM_THRESHOLD
        #endif
    }
}

#if os(Linux)
/// glibc's `mallopt(3)` (malloc.h is not part of the Glibc module Swift imports).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
