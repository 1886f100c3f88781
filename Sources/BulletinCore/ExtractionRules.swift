/// The version of the core's extraction rules: decoding and normalization, the quantity scanner,
/// candidates, status, period, region and the counting rules. Every plugin's stored version
/// includes it, so `reprocess --outdated` re-extracts stored documents whenever it moves.
/// Bump it with any change to the core that can change any plugin's output; the fixture guard
/// test (`PluginVersionGuardTests`) fails when output changes and no version moved.
public enum ExtractionRules {
    /// The rules' version.
    public static let version = "24"
}
