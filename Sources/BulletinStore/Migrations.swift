import Logging

/// One versioned schema change.
public struct Migration: Sendable {
    /// Its number; migrations apply in increasing order, each once.
    public var version: Int
    /// What it does, recorded in `bulletin.schema_migrations`.
    public var name: String
    /// Its statements (fixed SQL, no values).
    public var sql: String
}

/// The schema of `database.md`, as versioned migrations applied by `bulletind migrate`.
///
/// Safe when several instances migrate at once: a session advisory lock serializes them and
/// each version is applied in its own transaction, recorded in `bulletin.schema_migrations`.
public enum Migrations {
    /// Key of the advisory lock that serializes migrators ("bulletind" in ASCII, truncated).
    static let lockKey = "8311741287130952036"

    /// Every migration of this build, in order.
    public static let all: [Migration] = [
        Migration(
            version: 1,
            name: "documents and observations",
            sql: """
                CREATE TABLE bulletin.documents (
                    id          bigserial PRIMARY KEY,
                    sha256      text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
                    file_name   text NOT NULL,
                    byte_size   bigint NOT NULL CHECK (byte_size >= 0),
                    encoding    text NOT NULL,
                    title       text,
                    issuer      text,
                    region      text,
                    published   date,
                    body        text NOT NULL,
                    ingested_at timestamptz NOT NULL DEFAULT clock_timestamp()
                );
                CREATE TABLE bulletin.observations (
                    id             bigserial PRIMARY KEY,
                    document_id    bigint NOT NULL REFERENCES bulletin.documents(id) ON DELETE CASCADE,
                    plugin         text NOT NULL,
                    plugin_version text NOT NULL,
                    key            text NOT NULL,
                    value          numeric NOT NULL,
                    unit           text NOT NULL CHECK (unit IN ('count','persons','cny','percent',
                                                             'percentage_points','times')),
                    approx         text NOT NULL CHECK (approx IN ('exact','at_least','about','at_most')),
                    status         text NOT NULL CHECK (status IN ('actual','target')),
                    period         integer,
                    level          text CHECK (level IN ('national','provincial','city','county')),
                    region         text,
                    subject        text,
                    evidence_text  text NOT NULL,
                    evidence_start integer NOT NULL,
                    evidence_end   integer NOT NULL CHECK (evidence_end >= evidence_start)
                );
                CREATE INDEX observations_document_plugin ON bulletin.observations (document_id, plugin);
                CREATE INDEX observations_key_period ON bulletin.observations (key, period);
                CREATE INDEX documents_ingested_at ON bulletin.documents (ingested_at);
                """
        ),
        Migration(
            version: 2,
            name: "analyst views",
            sql: """
                -- Latest actual value per (region, key, period, subject): the most recently published document wins.
                CREATE VIEW bulletin.latest_observations AS
                SELECT DISTINCT ON (coalesce(o.region, d.region), o.key, o.period, o.subject)
                       coalesce(o.region, d.region) AS region, o.key, o.period, o.value, o.unit, o.approx,
                       o.level, o.subject, d.published, d.title, d.issuer, o.evidence_text,
                       o.document_id, o.id AS observation_id, o.plugin, o.plugin_version
                  FROM bulletin.observations o
                  JOIN bulletin.documents d ON d.id = o.document_id
                 WHERE o.status = 'actual'
                 ORDER BY coalesce(o.region, d.region), o.key, o.period, o.subject,
                          d.published DESC NULLS LAST, d.ingested_at DESC, o.id DESC;

                -- Every figure with its document and evidence sentence: one region and year is one WHERE away.
                CREATE VIEW bulletin.observation_details AS
                SELECT coalesce(o.region, d.region) AS region, o.period, o.key, o.value, o.unit, o.approx, o.status,
                       o.level, o.subject, o.evidence_text, o.evidence_start, o.evidence_end,
                       d.title, d.published, d.issuer, d.file_name, d.sha256, o.plugin, o.plugin_version,
                       o.document_id, o.id AS observation_id
                  FROM bulletin.observations o
                  JOIN bulletin.documents d ON d.id = o.document_id;
                """
        ),
        Migration(
            version: 3,
            name: "uncompressed text storage for faster ingest",
            sql: """
                -- Bulletin bodies and evidence sentences are small; skipping pglz compression on insert
                -- saves CPU on every document at the cost of some disk.
                ALTER TABLE bulletin.documents ALTER COLUMN body SET STORAGE EXTERNAL;
                ALTER TABLE bulletin.observations ALTER COLUMN evidence_text SET STORAGE EXTERNAL;
                """
        ),
        Migration(
            version: 4,
            name: "plugin versions per document, wide view per region and year",
            sql: """
                -- Which version of each plugin last processed each document (also when it found nothing),
                -- so that reprocessing after an upgrade finds every document that needs it.
                CREATE TABLE bulletin.document_plugins (
                    document_id    bigint NOT NULL REFERENCES bulletin.documents(id) ON DELETE CASCADE,
                    plugin         text NOT NULL,
                    plugin_version text NOT NULL,
                    processed_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
                    PRIMARY KEY (document_id, plugin)
                );
                INSERT INTO bulletin.document_plugins (document_id, plugin, plugin_version)
                SELECT DISTINCT ON (document_id, plugin) document_id, plugin, plugin_version
                  FROM bulletin.observations ORDER BY document_id, plugin, id DESC;

                -- The most used figures per region and year, one row each (latest actual values).
                CREATE VIEW bulletin.region_year_summary AS
                SELECT region, period,
                       max(value) FILTER (WHERE key = 'enterprises.high_tech.total' AND subject IS NULL)
                           AS high_tech_enterprises,
                       max(value) FILTER (WHERE key = 'enterprises.high_tech.new' AND subject IS NULL) AS high_tech_new,
                       max(value) FILTER (WHERE key = 'enterprises.tech_sme.total' AND subject IS NULL) AS tech_smes,
                       max(value) FILTER (WHERE key = 'enterprises.rd_coverage') AS rd_coverage_percent,
                       max(value) FILTER (WHERE key = 'finance.tech_contracts.turnover') AS tech_contract_turnover_cny,
                       max(value) FILTER (WHERE key = 'finance.tech_loans.amount') AS tech_loans_cny,
                       max(value) FILTER (WHERE key = 'finance.funding.obtained') AS funding_obtained_cny,
                       max(value) FILTER (WHERE key = 'finance.rd_expenditure') AS rd_expenditure_cny,
                       max(value) FILTER (WHERE key = 'finance.rd_intensity') AS rd_intensity_percent,
                       max(value) FILTER (WHERE key = 'finance.fiscal_spending') AS fiscal_spending_cny,
                       max(value) FILTER (WHERE key = 'commissioners.total') AS commissioners,
                       max(value) FILTER (WHERE key = 'commissioners.new') AS commissioners_new,
                       sum(value) FILTER (WHERE key = 'awards.sci_tech_prizes') AS sci_tech_prizes
                  FROM bulletin.latest_observations
                 WHERE period IS NOT NULL
                 GROUP BY region, period;
                """
        ),
        Migration(
            version: 5,
            name: "plugin versions in the document row",
            sql: """
                -- Four rows (and four foreign-key checks and index entries) per document only to say
                -- which plugin versions processed it cost more at ingest than the document row itself.
                -- The versions now live in the document row as {"plugin": "version"}; the old table's
                -- name stays as a read-only view for operators' queries.
                ALTER TABLE bulletin.documents ADD COLUMN plugin_versions jsonb NOT NULL DEFAULT '{}';
                UPDATE bulletin.documents d SET plugin_versions = v.versions
                  FROM (SELECT document_id, jsonb_object_agg(plugin, plugin_version) AS versions
                          FROM bulletin.document_plugins GROUP BY document_id) v
                 WHERE v.document_id = d.id;
                DROP TABLE bulletin.document_plugins;
                CREATE VIEW bulletin.document_plugins AS
                SELECT d.id AS document_id, v.key AS plugin, v.value AS plugin_version
                  FROM bulletin.documents d, jsonb_each_text(d.plugin_versions) AS v;
                """
        ),
        Migration(
            version: 6,
            name: "cheaper check of the sha256 format",
            sql: """
                -- The same rule (64 lowercase hex digits) without the bounded repetition {64}: PostgreSQL 15
                -- spent about 18 µs per row matching '^[0-9a-f]{64}$' and 1.2 µs on this form, 3 % of the
                -- server's time per stored document (measured in psql over 200,000 hashes).
                ALTER TABLE bulletin.documents
                    DROP CONSTRAINT documents_sha256_check,
                    ADD CONSTRAINT documents_sha256_check CHECK (octet_length(sha256) = 64 AND sha256 !~ '[^0-9a-f]');
                """
        ),
    ]

    /// The newest version this build knows.
    public static var latestVersion: Int { all.map(\.version).max() ?? 0 }

    /// Applies every missing migration (up to `target`, for tests of upgrades); returns the
    /// versions applied now.
    @discardableResult
    public static func apply(on conn: PGConnection, logger: Logger, upTo target: Int = .max) throws(DatabaseError)
        -> [Int]
    {
        try conn.execute("SELECT pg_advisory_lock($1::bigint)", [lockKey], operation: "migrate: lock")
        defer {
            _ = try? conn.execute("SELECT pg_advisory_unlock($1::bigint)", [lockKey], operation: "migrate: unlock")
        }
        try conn.executeScript(
            """
            CREATE SCHEMA IF NOT EXISTS bulletin;
            CREATE TABLE IF NOT EXISTS bulletin.schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """,
            operation: "migrate: bootstrap"
        )
        let done = Set(
            try conn.execute("SELECT version FROM bulletin.schema_migrations", operation: "migrate: read versions")
                .rows.compactMap { $0.first.flatMap { $0 }.flatMap { Int($0) } }
        )
        var applied: [Int] = []
        for m in all.sorted(by: { $0.version < $1.version }) where !done.contains(m.version) && m.version <= target {
            try conn.transaction("migrate \(m.version)") { c throws(DatabaseError) in
                try c.executeScript(m.sql, operation: "migrate \(m.version)")
                try c.execute(
                    "INSERT INTO bulletin.schema_migrations (version, name) VALUES ($1::int, $2)",
                    [String(m.version), m.name],
                    operation: "migrate \(m.version): record"
                )
            }
            logger.info("applied migration", metadata: ["version": "\(m.version)", "name": "\(m.name)"])
            applied.append(m.version)
        }
        return applied
    }

    /// The schema version in the database (0 when none).
    public static func currentVersion(on conn: PGConnection) throws(DatabaseError) -> Int {
        let exists = try conn.execute(
            "SELECT to_regclass('bulletin.schema_migrations') IS NOT NULL",
            operation: "schema version"
        ).scalar
        guard exists == "t" else { return 0 }
        return Int(
            try conn.execute(
                "SELECT coalesce(max(version), 0) FROM bulletin.schema_migrations",
                operation: "schema version"
            ).scalar ?? "0"
        ) ?? 0
    }
}
