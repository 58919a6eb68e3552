// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "quire",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "quire", targets: ["quire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C libraries from Debian, found through pkg-config.
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Post -> Document -> HTML, EPUB, text. Never touches output folders.
        .target(name: "QuireConvert", dependencies: [
            "CCmarkGFM", "CLibXML2", "CZlib",
            .product(name: "Yams", package: "Yams"),
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // Configuration, targets, atomic writes, manifest. Never parses Markdown.
        .target(name: "QuirePublish", dependencies: [
            "QuireConvert",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // inotify / polling, debounce, the daemon, sd_notify. Never renders.
        .target(name: "QuireWatch", dependencies: [
            "QuirePublish",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // The command line: a thin shell that wires the modules.
        .executableTarget(name: "quire", dependencies: [
            "QuireConvert", "QuirePublish", "QuireWatch",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // What more than one test target needs: EPUBCheck in one JVM.
        .target(name: "QuireTestSupport", path: "Tests/QuireTestSupport"),
        .testTarget(name: "QuireConvertTests", dependencies: ["QuireConvert", "QuireTestSupport", "CLibXML2"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "QuirePublishTests", dependencies: ["QuirePublish"]),
        .testTarget(name: "QuireWatchTests", dependencies: ["QuireWatch"]),
        .testTarget(name: "EndToEndTests", dependencies: ["QuireConvert", "QuireTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
