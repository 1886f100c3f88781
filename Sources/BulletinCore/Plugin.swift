/// Actual (reported) or target (planned) figure.
public enum FigureStatus: String, Sendable, Hashable, Codable {
    case actual
    case target
}

/// The tier a figure belongs to, when the text says so.
public enum Level: String, Sendable, Hashable, Codable {
    case national, provincial, city, county
}

/// A catalog key and its one unit.
public struct MetricKey: Sendable, Hashable {
    /// The key, e.g. `enterprises.high_tech.total`.
    public var name: String
    /// The key's unit.
    public var unit: QuantityUnit
    public init(_ name: String, _ unit: QuantityUnit) {
        self.name = name
        self.unit = unit
    }
}

/// Where an observation came from.
public struct Evidence: Sendable, Hashable {
    /// The sentence (or table row).
    public var text: String
    /// Offsets of the matched figure in the document body.
    public var start: Int
    public var end: Int
    public init(text: String, start: Int, end: Int) {
        self.text = text
        self.start = start
        self.end = end
    }
}

/// One extracted figure.
public struct Observation: Sendable, Hashable {
    public var plugin: String
    public var pluginVersion: String
    public var key: String
    public var value: ExactDecimal
    public var unit: QuantityUnit
    public var approx: Approximation
    public var status: FigureStatus
    public var period: Int?
    public var level: Level?
    public var region: String?
    public var subject: String?
    public var evidence: Evidence

    public init(
        plugin: String,
        pluginVersion: String,
        key: String,
        value: ExactDecimal,
        unit: QuantityUnit,
        approx: Approximation,
        status: FigureStatus,
        period: Int?,
        level: Level?,
        region: String?,
        subject: String?,
        evidence: Evidence
    ) {
        self.plugin = plugin
        self.pluginVersion = pluginVersion
        self.key = key
        self.value = value
        self.unit = unit
        self.approx = approx
        self.status = status
        self.period = period
        self.level = level
        self.region = region
        self.subject = subject
        self.evidence = evidence
    }

    /// The counting rule's identity: one figure stated twice is one observation.
    public var identity: Identity {
        Identity(key: key, value: value, unit: unit, status: status, period: period, region: region)
    }

    /// Key, value, unit, status, period and region: what makes two statements one figure.
    public struct Identity: Hashable, Sendable {
        var key: String, value: ExactDecimal, unit: QuantityUnit, status: FigureStatus
        var period: Int?, region: String?
    }
}

/// A metric-extractor plugin: a name, a version, the catalog keys it emits, the words it owns,
/// and a pure function from a document's shared analysis to observations.
///
/// Plugins live in `Plugins/NAME/` and are listed in one registry (`BulletinPlugins`), which
/// merges their vocabularies, applies the counting rules to what they return and stamps each
/// observation with the plugin's stored version.
public protocol ExtractorPlugin: Sendable {
    /// Unique name, e.g. `enterprises`.
    var name: String { get }
    /// Semantic version of the plugin's rules; bumped when its output changes.
    var version: String { get }
    /// The catalog keys this plugin may emit.
    var keys: [MetricKey] { get }
    /// The words this plugin owns.
    var vocabulary: Vocabulary { get }
    /// Extracts observations. Must be pure and must not throw for any document.
    func extract(_ scope: ExtractionScope) -> [Observation]
}
