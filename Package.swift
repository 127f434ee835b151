// swift-tools-version:6.0
import PackageDescription

// The compiler is a chain of targets, one per stage, so that a stage cannot reach back into a later one
// (docs/ARCHITECTURE.md draws the graph):
//
//   SOPSystem       files, standard streams, JSON values, parallel slots        (no dependency)
//   SOPDiagnostics  positions, check ids, the message catalogue, report formats
//   SOPFrontEnd     sources → parsed files (libyaml) → the decoded project model
//   SOPChecks       the model → a checked project (step graphs, availability, call graph)
//   SOPMachine      a checked project → its lowered state machines, and their JSON
//   SOPOutputs      a lowered project → every file `sopc build` writes
//   SOPRuntime      executing machines: simulate and run
//   SOPCompiler     the pipeline that strings the stages together (Pipeline.swift)
//   SOPPreview      `sopc preview` (HTTP, Hummingbird) and `sopc print` (headless Chromium)
//   sopc            the command line
//
// The compiler itself depends on libyaml only; servers and editors get their own targets.
let package = Package(
    name: "sopc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sopc", targets: ["sopc"]),
        .library(name: "SOPCompiler", targets: ["SOPCompiler"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "SOPSystem"),
        .target(name: "SOPDiagnostics", dependencies: ["SOPSystem"]),
        .target(name: "SOPFrontEnd", dependencies: ["CYAML", "SOPSystem", "SOPDiagnostics"]),
        .target(name: "SOPChecks", dependencies: ["SOPSystem", "SOPDiagnostics", "SOPFrontEnd"]),
        .target(name: "SOPMachine", dependencies: ["SOPSystem", "SOPFrontEnd", "SOPChecks"]),
        .target(name: "SOPOutputs", dependencies: ["SOPSystem", "SOPDiagnostics", "SOPFrontEnd", "SOPChecks", "SOPMachine"]),
        .target(name: "SOPRuntime", dependencies: ["SOPSystem", "SOPFrontEnd", "SOPMachine"]),
        .target(
            name: "SOPCompiler",
            dependencies: [
                "SOPSystem", "SOPDiagnostics", "SOPFrontEnd", "SOPChecks", "SOPMachine", "SOPOutputs", "SOPRuntime",
            ]
        ),
        // `sopc import`: Word (.docx), copied text and CSV tables into definitions (docs/IMPORT.md). Its own target,
        // so that the compiler itself stays free of the ZIP library.
        .target(
            name: "SOPImport",
            dependencies: [
                "SOPSystem", "SOPDiagnostics", "SOPFrontEnd", "SOPCompiler",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // `sopc preview` and `sopc print`: the HTTP server (Hummingbird) and headless Chromium, kept out of
        // the compiler's targets (docs/CHOICES.md).
        .target(
            name: "SOPPreview",
            dependencies: [
                "SOPCompiler",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "sopc",
            dependencies: [
                "SOPCompiler",
                "SOPImport",
                "SOPPreview",
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
        // `sopc-bench incremental DIR`: the editor's case, one SOP edited in a large project (bench/run.sh).
        .executableTarget(name: "sopc-bench", dependencies: ["SOPCompiler"]),
        .testTarget(
            name: "SOPCompilerTests",
            dependencies: ["SOPCompiler", "SOPImport", "SOPPreview", "sopc"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
