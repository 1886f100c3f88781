import BulletinIngest
import BulletinPlugins
import BulletinStore
import DaemonSupport
import Logging
import ServiceKit
import ServiceLifecycle

/// The daemon's composition: its services, in the order the service group starts them and
/// the reverse of the order it stops them.
///
/// ```
/// PostgresDocumentStore   started first, stopped last (closes the connections)
/// HTTPService             /healthz, /readyz, /metrics (unless `http: off`)
/// IngestPipeline          claimer → extraction workers → committers
/// SystemdService          READY, WATCHDOG, STATUS; told first, says STOPPING (under systemd only)
/// ```
struct Daemon {
    let settings: DaemonSettings
    let environment: [String: String]
    /// The built-in plugins and the operator's rule packs.
    let registry: PluginRegistry
    let logger: Logger

    /// The queue's settings from the daemon's.
    var ingestConfiguration: IngestConfiguration {
        var configuration = IngestConfiguration(inbox: settings.inbox ?? "", state: settings.state)
        configuration.maxFileBytes = settings.maxFileBytes
        configuration.maxBytesInFlight = settings.maxBytesInFlight
        configuration.settle = .milliseconds(Int64(settings.settleSeconds * 1000))
        configuration.rescanInterval = .milliseconds(Int64(settings.rescanIntervalSeconds * 1000))
        configuration.lease = .milliseconds(Int64(settings.leaseSeconds * 1000))
        configuration.batchSize = settings.batchSize
        configuration.workers = settings.workers
        configuration.writers = settings.writers
        configuration.maxPermanentAttempts = settings.maxPermanentAttempts
        configuration.retry = retryPolicy
        configuration.retention = RetentionPolicy(
            done: settings.doneRetentionSeconds > 0 ? .milliseconds(Int64(settings.doneRetentionSeconds * 1000)) : nil,
            failed: settings.failedRetentionSeconds > 0
                ? .milliseconds(Int64(settings.failedRetentionSeconds * 1000)) : nil,
            reconcileWindow: .milliseconds(Int64(settings.reconcileWindowSeconds * 1000))
        )
        return configuration
    }

    var retryPolicy: RetryPolicy {
        RetryPolicy(
            initial: .milliseconds(settings.retryInitialMilliseconds),
            cap: .milliseconds(settings.retryMaxMilliseconds)
        )
    }

    /// The conninfo: the setting, else `BULLETIND_CONNINFO`, else libpq's defaults.
    var conninfo: String {
        settings.conninfo.isEmpty ? environment["BULLETIND_CONNINFO"] ?? "" : settings.conninfo
    }

    /// The service group that runs the daemon until SIGTERM or SIGINT.
    func serviceGroup() -> ServiceGroup {
        var storeConfiguration = PostgresDocumentStore.Configuration(conninfo: conninfo)
        storeConfiguration.migrate = settings.migrate
        storeConfiguration.retry = retryPolicy
        let store = PostgresDocumentStore(configuration: storeConfiguration, logger: logger)
        let metrics = Metrics.prometheus()
        let reprocessor =
            settings.reprocessOnStart
            ? Reprocessor(
                client: PGClient(conninfo: conninfo, logger: logger, label: "bulletind.reprocess"),
                registry: registry,
                logger: logger
            )
            : nil
        let pipeline = IngestPipeline(
            configuration: ingestConfiguration,
            store: store,
            registry: registry,
            clock: WallClock(),
            logger: logger,
            metrics: metrics,
            reprocessor: reprocessor
        )
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: store)]
        if settings.http != "off" {
            let http = HTTPService(
                address: settings.http,
                metrics: metrics,
                health: pipeline.health,
                inbox: pipeline.layout.inbox,
                logger: logger,
                version: BuildInfo.version
            )
            services.append(.init(service: http))
        }
        services.append(.init(service: pipeline, successTerminationBehavior: .gracefullyShutdownGroup))
        let notifier = SystemdNotifier(environment: environment)
        if notifier.isActive {
            let systemd = SystemdService(
                notifier: notifier,
                health: pipeline.health,
                watchdogInterval: SystemdNotifier.watchdogInterval(environment: environment),
                logger: logger
            )
            services.append(.init(service: systemd))
        }
        var configuration = ServiceGroupConfiguration(services: services, logger: logger)
        configuration.gracefulShutdownSignals = [.sigterm, .sigint]
        return ServiceGroup(configuration: configuration)
    }
}
