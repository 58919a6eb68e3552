/// A post whose bytes failed to convert for a reason those bytes decide
/// (`ConversionError.Reason.isDecidedByContent`). A failing post has no
/// manifest record, so without this every event for it (a second event of
/// one `cp`, a `touch`, a retry) would convert it again and report it again.
/// The publisher keeps these for as long as it lives: a daemon says once
/// per broken save, while every `quire build` (a new process) says every
/// failure again, and a reload (a new publisher) forgets them.
struct KnownFailure: Sendable, Equatable {
    /// What the conversion depended on: the post's bytes, the templates and
    /// the configuration of each target it was converted for
    /// (`PublishRun.failureInputs`).
    var inputs: String
    /// The failure as it was reported.
    var line: String
}
