import Foundation
import Testing

@testable import SOPChecks
@testable import SOPCompiler
@testable import SOPOutputs
@testable import SOPSystem

/// The pieces `sopc build` is made of since it streams: a file of OUT is compared with the rendering a
/// piece at a time, the build state reads back what it wrote, and machines are lowered on first use,
/// each the same as lowering the SOP on its own.
@Suite struct BuildStreamingTests {
    @Test func aFileIsComparedPieceByPiece() throws {
        let root = Scratch.folder.appendingPathComponent("sopc-match-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        // Larger than one piece read (64 KiB), so that a difference in the second piece counts.
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: root.appendingPathComponent("sub/big"))
        try Data().write(to: root.appendingPathComponent("empty"))
        let dir = try AtomicDirectory.open(root.path)
        func matches(_ rel: String, _ expected: [UInt8]) throws -> Result<Bool, AtomicDirectory.Entry> {
            try expected.withUnsafeBytes { buffer in try dir.matches(rel, buffer) }
        }
        #expect(try matches("sub/big", bytes) == .success(true))
        var later = bytes
        later[100_000] ^= 1
        #expect(try matches("sub/big", later) == .success(false))
        #expect(try matches("sub/big", Array(bytes.dropLast())) == .success(false))
        #expect(try matches("sub/big", bytes + [0]) == .success(false))
        #expect(try matches("empty", []) == .success(true))
        #expect(try matches("empty", [0]) == .success(false))
        #expect(try matches("missing", []) == .failure(.missing))
        #expect(try matches("sub", []) == .failure(.folder))
        #expect(try matches("empty/x", []) == .failure(.blocked(part: "empty", is: "a file")))
    }

    @Test func theBuildStateReadsBackWhatItWrote() throws {
        var state = BuildState()
        state.stamp = "0123"
        state.keys = ["a": "k1", "b-2": "k2"]
        state.files = ["a": [("a/a.html", "1-2-3-4-5"), ("a/a.csv", "6-7-8-9-10")], "b-2": [("b-2/b-2.md", "x")]]
        state.formClean = ["b-2"]
        state.project = ["index.html": ("k3", "11-12-13-14-15"), "lain.txt": ("k4", "y")]
        state.folders = ["a": "1-2-3-4-5 f00d", "b-2": "6-7-8-9-10 beef"]
        let text = state.text
        let back = try #require(BuildState(parsing: Array(text.utf8)))
        #expect(back.text == text)
        #expect(back.stamp == "0123")
        #expect(back.keys == state.keys)
        #expect(back.formClean == ["b-2"])
        #expect(back.project.mapValues { "\($0.key) \($0.stamp)" } == ["index.html": "k3 11-12-13-14-15", "lain.txt": "k4 y"])
        #expect(back.folders == state.folders)
        #expect(
            back.files.mapValues { $0.map { "\($0.path) \($0.stamp)" } } == [
                "a": ["a/a.html 1-2-3-4-5", "a/a.csv 6-7-8-9-10"], "b-2": ["b-2/b-2.md x"],
            ])
        #expect(back.says(the: state) && state.says(the: back))
        var other = back
        other.folders["a"] = "1-2-3-4-6 f00d"
        #expect(!other.says(the: state))
        // An SOP's files on lines after other kinds of line are still its own; a second line of the same SOP
        // adds to its files.
        let header = BuildState.header
        let mixed = try #require(
            BuildState(
                parsing: Array("\(header)\nsop\ta\tk\nfile\ta/x\t1\nfolder\ta\ts\nfile\ta/y\t2\nsop\ta\tk2\nfile\ta/z\t3".utf8)))
        #expect(mixed.files["a"]?.map(\.path) == ["a/x", "a/y", "a/z"])
        #expect(mixed.keys == ["a": "k2"])
        // Not a state: no header, a line of another kind, a file before any SOP, a path out of OUT, an
        // empty line, a line with too many fields.
        for bad in [
            "", "stamp\tx\n", "\(header)\nwhat\tx\n", "\(header)\nfile\ta/a\tx\n", "\(header)\nsop\ta\tk\nfile\t../x\ts\n",
            "\(header)\n\nstamp\tx\n", "\(header)\nstamp\tx\ty\tz\tw\n",
            // A project output in a folder, or out of OUT; a project line short of a field.
            "\(header)\nproject\ta/index.html\tk\ts\n", "\(header)\nproject\t../index.html\tk\ts\n",
            "\(header)\nproject\tindex.html\tk\n",
            // A folder out of OUT, or short of its stamp; a kind that only begins like a known one.
            "\(header)\nfolder\t../a\ts\n", "\(header)\nfolder\ta\n", "\(header)\nfiles\ta/a\tx\n", "\(header)\nso\ta\tk\n",
        ] {
            #expect(BuildState(parsing: Array(bad.utf8)) == nil, "\(bad)")
        }
        // The last line's end may be missing.
        #expect(BuildState(parsing: Array("\(header)\nstamp\tx".utf8))?.stamp == "x")
    }

    @Test func machinesAreLoweredOnFirstUseAsTheyWouldBeAlone() throws {
        var files: [String: [UInt8]] = [:]
        for (name, text) in BuildFaultTests.definitions("A") { files[name] = Array(text.utf8) }
        let result = Pipeline.check(files: files)
        let checked = try #require(result.checked)
        let lowered = Pipeline.lower(checked)
        for sop in checked.sopsInIDOrder {
            let machine = try #require(lowered.machine(sop.sopID))
            #expect(machine == Lowering.lower(sop, in: checked))
            // Asked again: the same machine.
            #expect(lowered.machine(sop.sopID) == machine)
        }
        #expect(lowered.machine("no-such-sop") == nil)
        #expect(lowered.machines.keys.sorted() == checked.sopsInIDOrder.map(\.sopID).sorted())
    }

    /// A whole check lets each SOP's step graph and availability go; asked for later, they are made again
    /// and answer as those an editor's session keeps (which the checks reported from).
    @Test func analysesNotKeptAreMadeAgainTheSame() throws {
        let files = try CheckSessionTests.files(Paths.definitions)
        let whole = try #require(Checker.check(files: files, displayPrefix: "d").checked)
        let kept = try #require(CheckSession(files: files, displayPrefix: "d").check().checked)
        #expect(whole.graphs.isEmpty && whole.availability.isEmpty)
        #expect(kept.graphs.count == 4 && kept.availability.count == 4)
        var questions = 0
        for sop in whole.model.sops {
            let keptSOP = try #require(kept.model.sop(sop.sopID))
            let graph = whole.graph(of: sop)
            #expect(graph.targets == kept.graph(of: keptSOP).targets)
            let made = whole.availability(of: sop)
            let reported = kept.availability(of: keptSOP)
            #expect(made.names == reported.names)
            for name in made.names {
                for node in 0...graph.end {
                    #expect(made.isAvailable(name, into: node) == reported.isAvailable(name, into: node))
                    #expect(made.missingPath(name, into: node) == reported.missingPath(name, into: node))
                    questions += 1
                }
            }
        }
        #expect(questions > 300)
    }

    /// A build into an empty OUT writes each file into its temporary file as it is rendered, a piece at a
    /// time (``ByteBuffers/writing(to:_:)``): with pieces of a few bytes, every file is still the file
    /// rendered whole, and a second build into the same OUT finds every file unchanged.
    @Test func filesWrittenAsTheyAreMadeAreTheFilesMadeWhole() throws {
        let result = try Pipeline.check(directory: Paths.definitions.path)
        let plan = try #require(Pipeline.outputs(of: result))
        let out = Scratch.folder.appendingPathComponent("sopc-spill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let size = ByteBuffers.spillSize.load(ordering: .relaxed)
        ByteBuffers.spillSize.store(97, ordering: .relaxed)
        let before = ByteBuffers.spilled.load(ordering: .relaxed)
        let report = try Pipeline.build(result, to: out.path)
        ByteBuffers.spillSize.store(size, ordering: .relaxed)
        #expect(ByteBuffers.spilled.load(ordering: .relaxed) - before > 100_000)
        let written = Set(report?.written ?? [])
        #expect(written.isSuperset(of: plan.files.map(\.path)))
        for file in plan.files {
            let bytes = try Data(contentsOf: out.appendingPathComponent(file.path))
            #expect([UInt8](bytes) == file.bytes, "\(file.path)")
        }
        let names = try FileManager.default.subpathsOfDirectory(atPath: out.path)
        #expect(!names.contains { $0.contains(".sopc-") && $0.hasSuffix(".tmp") }, "no temporary file is left")
        let again = try Pipeline.build(result, to: out.path)
        #expect(again?.written == [] && again?.removed == [])
    }

    /// A machine is held until the SOP and every SOP that calls it are finished, then let go; asked for
    /// again, it is the same machine. In the seed, `lakip` calls `rapat`, `surat` and `barang`.
    @Test func machinesAreLetGoOnceNoSOPNeedsThem() throws {
        let result = try Pipeline.check(directory: Paths.definitions.path)
        let checked = try #require(result.checked)
        let ids = checked.sopsInIDOrder.map(\.sopID)
        #expect(Set(ids) == ["barang", "lakip", "rapat", "surat"])
        let lowered = Pipeline.lower(checked)
        let alone = Dictionary(uniqueKeysWithValues: ids.map { ($0, Lowering.lower(checked.model.sop($0)!, in: checked)) })
        for id in ids { _ = lowered.machine(id) }
        #expect(lowered.heldMachineIDs == Set(ids))
        // A called SOP finished first: its caller still needs its machine.
        lowered.finished("rapat")
        #expect(lowered.heldMachineIDs == Set(ids))
        // The same for another: `lakip` is not finished.
        lowered.finished("surat")
        #expect(lowered.heldMachineIDs == Set(ids))
        lowered.finished("lakip")
        // `lakip` is done, and so are `rapat` and `surat` (their one caller and themselves); `barang` is
        // still to be finished itself.
        #expect(lowered.heldMachineIDs == ["barang"])
        lowered.finished("barang")
        #expect(lowered.heldMachineIDs.isEmpty)
        // Finished twice, or an unknown SOP: nothing happens.
        lowered.finished("barang")
        lowered.finished("no-such-sop")
        for id in ids { #expect(lowered.machine(id) == alone[id]) }
        #expect(lowered.heldMachineIDs == Set(ids))
    }
}
