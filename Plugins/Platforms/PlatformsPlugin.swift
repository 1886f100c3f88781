import BulletinCore
import BulletinRules

/// Innovation platforms and carriers (创新平台与载体): written only as a rule pack,
/// `platforms.yaml`, which ``RulePackPlugin`` runs. This file only compiles the pack in.
public enum PlatformsPlugin {
    /// The compiled-in pack.
    public static let pack = BuiltInPack.load(PackageResources.platforms_yaml, file: "Plugins/Platforms/platforms.yaml")

    /// The plugin.
    public static func make() -> RulePackPlugin { RulePackPlugin(pack: pack) }
}
