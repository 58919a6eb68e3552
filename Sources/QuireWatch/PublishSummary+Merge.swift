import QuirePublish

extension PublishSummary {
    /// Adds another run's outcome: the daemon publishes a large change in chunks.
    mutating func merge(_ other: PublishSummary, countingUnchanged: Bool = true) {
        built += other.built
        if countingUnchanged { unchanged += other.unchanged }
        removed += other.removed
        failedPosts.formUnion(other.failedPosts)
        failures += other.failures
        warnings += other.warnings
        milliseconds += other.milliseconds
    }
}
