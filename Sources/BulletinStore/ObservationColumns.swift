import BulletinCore

/// The observation columns from `key` to `evidence_end`, each as an array parameter, in the
/// order the insert statements (and the reprocessing statement) bind them.
public enum ObservationColumns {
    /// Appends the twelve arrays for `observations` to `parameters`.
    public static func append(_ observations: [Observation], to parameters: inout PGParameters) {
        // By index: `for x in observations` would copy every observation (and retain its strings) per column.
        let all = observations.indices
        parameters.appendTextArray { a in for i in all { a.text(observations[i].key) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].value) } }
        parameters.appendTextArray { a in for i in all { a.text(observations[i].unit.rawValue) } }
        parameters.appendTextArray { a in for i in all { a.text(observations[i].approx.rawValue) } }
        parameters.appendTextArray { a in for i in all { a.text(observations[i].status.rawValue) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].period) } }
        parameters.appendTextArray { a in for i in all { a.text(observations[i].level?.rawValue) } }
        parameters.appendTextArray { a in for i in all { a.text(observations[i].region) } }
        parameters.appendTextArray { a in for i in all { a.text(observations[i].subject) } }
        parameters.appendTextArray { a in for i in all { a.text(observations[i].evidence.text) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].evidence.start) } }
        parameters.appendArray { a in for i in all { a.element(observations[i].evidence.end) } }
    }
}
