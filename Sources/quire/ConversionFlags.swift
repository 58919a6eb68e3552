import ArgumentParser
import QuireConvert

/// The options every command that converts posts shares.
struct ConversionFlags: ParsableArguments {
    @Option(name: .customLong("assets"), help: ArgumentHelp(
        "A folder that site-absolute paths such as /assets/x.png resolve in (repeatable).",
        discussion: "Default: the parent of each post's folder.", valueName: "dir"))
    var assetRoots: [String] = []

    @Flag(help: "Drop raw HTML from the page.")
    var safe = false

    @Flag(help: "Curly quotes, dashes and ellipses.")
    var smart = false

    @Flag(help: "Put a table of contents at the top of every post, placeholder or not.")
    var toc = false

    @Option(help: "Heading levels in the table of contents, counted from ##.")
    var tocDepth = 3

    @Option(help: ArgumentHelp("The site's address, for canonical and newsletter links.", valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp("A folder of Mustache templates that override the built-in page.", valueName: "dir"))
    var templates: String?

    @Option(help: "Columns of the plain-text form.")
    var width = 72

    @Flag(help: "Write the plain-text form as RFC 3676 format=flowed.")
    var flowed = false

    @Flag(help: "Strong emphasis in the plain-text form as UPPER CASE instead of **text**.")
    var uppercaseStrong = false

    func validate() throws {
        guard (1...6).contains(tocDepth) else { throw ValidationError("--toc-depth takes 1 to 6.") }
        guard width >= 20 else { throw ValidationError("--width must be at least 20.") }
    }

    func options(formats: Set<OutputFormat>) -> ConversionOptions {
        var options = ConversionOptions()
        options.formats = formats
        options.assetRoots = assetRoots
        options.safe = safe
        options.smartPunctuation = smart
        options.forceTableOfContents = toc
        options.tocDepth = tocDepth
        options.baseURL = baseURL
        options.templateDirectory = templates
        options.textWidth = width
        options.flowed = flowed
        options.uppercaseStrong = uppercaseStrong
        return options
    }
}

extension OutputFormat: ExpressibleByArgument {}
