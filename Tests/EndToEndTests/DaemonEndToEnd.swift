import Testing

/// The suites that start `quire watch`, one daemon at a time: their timing
/// checks (one rebuild per save, a stop within seconds) should measure the
/// daemon, not a machine crowded by several daemons at once.
@Suite(.serialized) enum DaemonEndToEnd {}
