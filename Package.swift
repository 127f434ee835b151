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
        // The libFuzzer target over the front end and checker, built by scripts/fuzz with libFuzzer, ASan and
        // `-DSOPC_FUZZ` (libFuzzer then supplies `main`); in an ordinary build, a replayer of saved inputs.
        .executableTarget(
            name: "sopc-fuzz",
            dependencies: ["SOPCompiler"],
            exclude: ["sopc.dict"]
        ),
        .testTarget(
            name: "SOPCompilerTests",
            dependencies: ["SOPCompiler", "sopc"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
