// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "sopc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sopc", targets: ["sopc"]),
        .library(name: "SOPCompiler", targets: ["SOPCompiler"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "SOPCompiler",
            dependencies: ["CYAML"]
        ),
        .executableTarget(
            name: "sopc",
            dependencies: [
                "SOPCompiler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SOPCompilerTests",
            dependencies: ["SOPCompiler", "sopc"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
