import BulletinCore

/// The observation columns from `key` to `evidence_end`, each as an array parameter, in the
/// order the insert statements (and the reprocessing statement) bind them.
public enum ObservationColumns {
    /// Appends the twelve arrays for `observations` to `parameters`.
    public static func append(_ observations: [Observation], to parameters: inout PGParameters) {
        // By index: `for x in observations` would copy every observation (and retain its strings) per column.
        let all = observations.indices
        parameters.appendArray { a in for i in all { a.element(observations[i].key) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].value) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].unit.rawValue) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].approx.rawValue) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].status.rawValue) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].period) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].level?.rawValue) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].region) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].subject) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].evidence.text) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].evidence.start) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].evidence.end) } }
    }
}
