import Foundation
import Testing

@testable import SOPCompiler
@testable import SOPLanguageServer

/// `sopc lsp`'s message reader and its answers to what a client may send: framing cut anywhere, malformed
/// headers, invalid JSON, unknown methods, requests before `initialize`, positions out of range, a 10 MB
/// document, edits faster than checks — JSON-RPC errors or nothing, never a crash or a hang.
@Suite struct LanguageServerTests {
    static func body(_ object: Any) -> [UInt8] {
        Array(try! JSONSerialization.data(withJSONObject: object))
    }

    static func framed(_ object: Any) -> [UInt8] { frame(object) }

    /// The JSON objects of a stream of framed messages.
    static func messages(_ bytes: [UInt8]) -> [[String: Any]] {
        var reader = MessageReader()
        reader.feed(bytes)
        var out: [[String: Any]] = []
        while let item = reader.next() {
            if case .message(let b) = item, let o = try? JSONSerialization.jsonObject(with: Data(b)) as? [String: Any] {
                out.append(o)
            }
        }
        return out
    }

    static func errorCode(_ message: Any) -> Int? {
        ((message as? [String: Any])?["error"] as? [String: Any])?["code"] as? Int
    }

    @Test func framingSurvivesAnyCut() {
        let stream =
            Self.framed(["jsonrpc": "2.0", "id": 1, "method": "a"])
            + Array("content-length:  7\r\nContent-Type: x\r\n\r\n\"héé\"".utf8)
            + Self.framed(["jsonrpc": "2.0", "method": "ü"])
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var reader = MessageReader()
            var bodies: [[UInt8]] = []
            var i = 0
            while i < stream.count {
                let n = Int.random(in: 1...9, using: &generator)
                reader.feed(stream[i..<min(i + n, stream.count)])
                i += n
                while let item = reader.next() { if case .message(let b) = item { bodies.append(b) } }
            }
            #expect(bodies.count == 3)
            #expect(bodies[1] == Array("\"héé\"".utf8))
        }
    }

    @Test func malformedHeadersAreReportedAndSkipped() {
        var reader = MessageReader()
        reader.feed(Array("Content-Length: banana\r\n\r\n".utf8))
        reader.feed(Array("no colon here\r\n\r\n".utf8))
        reader.feed(Array("Content-Length: 99999999999\r\n\r\n".utf8))
        reader.feed(Self.framed(["jsonrpc": "2.0", "method": "x"]))
        var malformed = 0
        var messages = 0
        while let item = reader.next() {
            switch item {
            case .malformedHeader: malformed += 1
            case .message: messages += 1
            }
        }
        #expect(malformed == 3 && messages == 1)
        // A header that never ends is dropped, not kept growing.
        var endless = MessageReader()
        for _ in 0..<100 { endless.feed([UInt8](repeating: 0x41, count: 1000)) }
        var dropped = 0
        while let item = endless.next() { if case .malformedHeader = item { dropped += 1 } }
        #expect(dropped >= 1 && endless.buffered < 10_000)
    }

    /// Random bytes, and random mutations of valid streams: the reader never traps, never loops, and keeps
    /// a bounded buffer unless a header promised a body it is waiting for.
    @Test func readerFuzz() {
        var rng = ReaderFuzzRandom(seed: 0x50_0C)
        let valid = Self.framed(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [:] as [String: Any]])
        for round in 0..<3000 {
            var reader = MessageReader()
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(rng.next() % 2048)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                bytes = valid + valid
                for _ in 0..<Int(rng.next() % 6) {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            var i = 0
            var items = 0
            while i < bytes.count {
                let n = 1 + Int(rng.next() % 300)
                reader.feed(bytes[i..<min(i + n, bytes.count)])
                i += n
                while reader.next() != nil {
                    items += 1
                    #expect(items < 10_000)
                }
            }
            #expect(reader.buffered <= bytes.count)
        }
    }

    // MARK: - The server's answers

    static func project() throws -> URL {
        try temporaryProject([
            "sopc.yaml":
                "sopc: 1\norganization: { name: Biro }\nroles:\n  kabiro: Ka Biro\n  staf: { name: Staf, title: Staf Pelaksana }\n",
            "surat.sop.yaml": """
            sop: surat
            name: Surat
            steps:
              - id: terima
                activity: Menerima surat ✓ 😀
                actor: kabiro
                time: 5 menit
            """,
        ])
    }

    static func initialize(_ server: LanguageServer, encodings: [String]? = nil) {
        var capabilities: [String: Any] = [:]
        if let encodings { capabilities["general"] = ["positionEncodings": encodings] }
        _ = server.handle(body(["jsonrpc": "2.0", "id": 0, "method": "initialize", "params": ["capabilities": capabilities]]))
    }

    static func open(_ server: LanguageServer, _ url: URL, _ text: String) {
        _ = server.handle(
            body([
                "jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": ["textDocument": ["uri": url.absoluteString, "languageId": "yaml", "version": 1, "text": text]],
            ]))
    }

    @Test func protocolErrors() throws {
        let server = LanguageServer()
        #expect(Self.errorCode(server.handle(Array("{not json".utf8))[0]) == RPCError.parseError)
        #expect(Self.errorCode(server.handle(Array("[1, 2]".utf8))[0]) == RPCError.invalidRequest)
        #expect(
            Self.errorCode(server.handle(Self.body(["jsonrpc": "2.0", "id": 1, "method": "textDocument/hover"]))[0])
                == RPCError.serverNotInitialized)
        #expect(server.handle(Self.body(["jsonrpc": "2.0", "method": "textDocument/didOpen"])).isEmpty)
        Self.initialize(server)
        #expect(
            Self.errorCode(server.handle(Self.body(["jsonrpc": "2.0", "id": 2, "method": "initialize"]))[0])
                == RPCError.invalidRequest)
        #expect(
            Self.errorCode(server.handle(Self.body(["jsonrpc": "2.0", "id": 3, "method": "no/such"]))[0])
                == RPCError.methodNotFound)
        #expect(server.handle(Self.body(["jsonrpc": "2.0", "method": "$/no/such"])).isEmpty)
        #expect(
            Self.errorCode(server.handle(Self.body(["jsonrpc": "2.0", "id": ["x"], "method": "shutdown"]))[0])
                == RPCError.invalidRequest)
        // Missing or wrong parameters: an error answer, not a crash.
        #expect(
            Self.errorCode(server.handle(Self.body(["jsonrpc": "2.0", "id": 4, "method": "textDocument/hover"]))[0])
                == RPCError.invalidParams)
        #expect(
            Self.errorCode(
                server.handle(
                    Self.body(["jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": ["textDocument": 7]]))[0])
                == RPCError.invalidParams)
        #expect(server.exitStatus == nil)
        _ = server.handle(Self.body(["jsonrpc": "2.0", "id": 6, "method": "shutdown"]))
        #expect(
            Self.errorCode(server.handle(Self.body(["jsonrpc": "2.0", "id": 7, "method": "textDocument/hover"]))[0])
                == RPCError.invalidRequest)
        _ = server.handle(Self.body(["jsonrpc": "2.0", "method": "exit"]))
        #expect(server.exitStatus == 0)
        let abrupt = LanguageServer()
        _ = abrupt.handle(Self.body(["jsonrpc": "2.0", "method": "exit"]))
        #expect(abrupt.exitStatus == 1)
    }

    @Test func outOfRangePositionsAnswerNothing() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = LanguageServer()
        Self.initialize(server)
        let file = root.appendingPathComponent("surat.sop.yaml")
        Self.open(server, file, try String(contentsOf: file, encoding: .utf8))
        _ = server.flush()
        for method in ["textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion"] {
            for (line, character) in [(-5, -5), (10_000, 3), (3, 1_000_000), (Int(Int32.max) + 10, 0)] {
                let answer = server.handle(
                    Self.body([
                        "jsonrpc": "2.0", "id": 9, "method": method,
                        "params": [
                            "textDocument": ["uri": file.absoluteString], "position": ["line": line, "character": character],
                            "context": ["includeDeclaration": true],
                        ],
                    ]))
                #expect(answer.count == 1 && Self.errorCode(answer[0]) == nil, "\(method) \(line):\(character)")
            }
        }
    }

    /// The diagnostic's range on a line with non-ASCII text, in UTF-16 and in UTF-8 units.
    @Test(arguments: [("utf-16", 48), ("utf-8", 53)])
    func positionsOnNonASCIILines(_ encoding: String, _ expected: Int) throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = LanguageServer()
        Self.initialize(server, encodings: [encoding])
        let file = root.appendingPathComponent("surat.sop.yaml")
        let text = try String(contentsOf: file, encoding: .utf8) + "\n  - { id: cek, activity: \"Périksa ✓ 😀\", actor: kabir }\n"
        Self.open(server, file, text)
        let published = server.flush().compactMap { $0 as? [String: Any] }
        let params = try #require(published.first?["params"] as? [String: Any])
        let diagnostics = try #require(params["diagnostics"] as? [[String: Any]])
        let d = try #require(diagnostics.first { $0["code"] as? String == "unknown-actor" })
        let start = try #require((d["range"] as? [String: Any])?["start"] as? [String: Int])
        let line = text.components(separatedBy: "\n")[start["line"]!]
        let prefix = try #require(line.range(of: "kabir }")).lowerBound
        let units = encoding == "utf-8" ? line[..<prefix].utf8.count : line[..<prefix].utf16.count
        #expect(start["character"] == units && units == expected)
    }

    @Test(.tags(.slow), .notInFastLoop) func tenMegabyteDocument() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = LanguageServer()
        Self.initialize(server)
        let file = root.appendingPathComponent("besar.sop.yaml")
        var text = "sop: besar\nname: Besar\nsteps:\n"
        var i = 0
        while text.utf8.count < 10_000_000 {
            text +=
                "  - { id: s\(i), activity: \"Langkah \(i) é \(String(repeating: "x", count: 60))\", actor: kabiro, time: 5 menit }\n"
            i += 1
        }
        text += "  - { id: akhir, activity: Selesai, actor: kabir }\n"
        Self.open(server, file, text)
        let published = server.flush().compactMap { $0 as? [String: Any] }
        let forFile = published.compactMap { $0["params"] as? [String: Any] }.first {
            ($0["uri"] as? String) == file.absoluteString
        }
        let diagnostics = try #require(forFile?["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { $0["code"] as? String == "unknown-actor" })
        // An edit at the end of it, incremental.
        let lines = text.components(separatedBy: "\n").count
        let last = text.components(separatedBy: "\n")[lines - 2]
        let column = try #require(last.range(of: "kabir }")).lowerBound.utf16Offset(in: last)
        _ = server.handle(
            Self.body([
                "jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": [
                    "textDocument": ["uri": file.absoluteString, "version": 2],
                    "contentChanges": [
                        [
                            "range": [
                                "start": ["line": lines - 2, "character": 50], "end": ["line": lines - 2, "character": 55],
                            ],
                            "text": "kabiro",
                        ]
                    ],
                ],
            ]))
        let after = server.flush().compactMap { ($0 as? [String: Any])?["params"] as? [String: Any] }
        let cleared = try #require(after.first { ($0["uri"] as? String) == file.absoluteString })
        let remaining = try #require(cleared["diagnostics"] as? [[String: Any]])
        #expect(!remaining.contains { $0["code"] as? String == "unknown-actor" } && remaining.count == diagnostics.count - 1)
    }

    /// The real process, fed everything at once: garbage, a request before initialize, then 300 edits with
    /// no pause; it answers each request and publishes the diagnostics of the last text only.
    @Test func processSurvivesGarbageAndFastEdits() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("surat.sop.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        var input: [UInt8] = Array("Content-Length: x\r\n\r\n".utf8) + Array("Content-Length: 5\r\n\r\n{oops".utf8)
        input += Self.framed(["jsonrpc": "2.0", "id": 1, "method": "textDocument/hover"])
        input += Self.framed([
            "jsonrpc": "2.0", "id": 2, "method": "initialize", "params": ["capabilities": [:] as [String: Any]],
        ])
        input += Self.framed([
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": ["textDocument": ["uri": file.absoluteString, "languageId": "yaml", "version": 1, "text": text]],
        ])
        for v in 0..<300 {
            let actor = v == 299 ? "kabir" : (v % 2 == 0 ? "staf" : "kabiro")
            input += Self.framed([
                "jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": [
                    "textDocument": ["uri": file.absoluteString, "version": v + 2],
                    "contentChanges": [["text": text.replacingOccurrences(of: "actor: kabiro", with: "actor: \(actor)")]],
                ],
            ])
        }
        input += Self.framed(["jsonrpc": "2.0", "id": 3, "method": "no/such"])
        // The input ends without `exit`: the server checks what it has, publishes, and ends with status 1.
        let stdin = root.appendingPathComponent("input.bin")
        try Data(input).write(to: stdin)
        let r = try run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "exec timeout 60 \"$0\" lsp < \"$1\"", Paths.sopc.path, stdin.path])
        #expect(r.status == 1, "\(r.stderr)")
        let out = Self.messages(r.stdoutBytes)
        let errors = out.compactMap { Self.errorCode($0) }
        #expect(errors.filter { $0 == RPCError.parseError }.count == 2)
        #expect(out.contains { ($0["id"] as? Int) == 1 && Self.errorCode($0) == RPCError.serverNotInitialized })
        #expect(out.contains { ($0["id"] as? Int) == 3 && Self.errorCode($0) == RPCError.methodNotFound })
        let published = out.filter { $0["method"] as? String == "textDocument/publishDiagnostics" }
        #expect(published.count < 20, "the edits were checked one by one: \(published.count) publications")
        let last = try #require(published.last)
        let diagnostics = try #require((last["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]])
        // The project's own ✓ and 😀 are unprintable-text warnings (the form's font has neither), whatever the edits.
        #expect(diagnostics.compactMap { $0["code"] as? String }.filter { $0 != "unprintable-text" } == ["unknown-actor"])
    }

    /// What the server has published, after each edit of a sequence (a step reworded, a call cycle made and
    /// moved down, a role renamed in the unsaved `sopc.yaml`, an SOP that stops parsing, an SOP id renamed,
    /// a file closed unsaved), is for every file what a whole check of the same texts reports: code, range
    /// and message. The server's check is incremental; this holds it to `sopc check`.
    @Test func publishedDiagnosticsAreTheWholeChecks() throws {
        var texts: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: Paths.definitions.path) where name.hasSuffix(".yaml") {
            texts[name] = try String(contentsOf: Paths.definitions.appendingPathComponent(name), encoding: .utf8)
        }
        let root = try temporaryProject(texts)
        defer { try? FileManager.default.removeItem(at: root) }
        let rootPath = root.standardizedFileURL.path
        let server = LanguageServer()
        Self.initialize(server)
        for (name, text) in texts { Self.open(server, root.appendingPathComponent(name), text) }
        var published: [String: [String]] = [:]
        func publish() {
            for case let m as [String: Any] in server.flush() {
                guard let params = m["params"] as? [String: Any], let uri = params["uri"] as? String,
                    let list = params["diagnostics"] as? [[String: Any]]
                else { continue }
                published[URL(string: uri)!.standardizedFileURL.path] = list.map { d in
                    let r = d["range"] as? [String: [String: Int]] ?? [:]
                    let message = (d["message"] as? String ?? "").split(separator: "\n").first.map(String.init) ?? ""
                    return "\(d["code"] ?? "") \(r["start"]?["line"] ?? -1):\(r["start"]?["character"] ?? -1)-"
                        + "\(r["end"]?["line"] ?? -1):\(r["end"]?["character"] ?? -1) \(message)"
                }
            }
        }
        func expectWholeCheck(_ context: String) {
            let bytes = texts.mapValues { Array($0.utf8) }
            let whole = Checker.check(files: bytes, displayPrefix: rootPath)
            var expected: [String: [String]] = [:]
            for d in whole.diagnostics {
                let rel = String(d.file.dropFirst(rootPath.count + 1))
                let range = LineTable(bytes[rel] ?? []).lspRange(d.span, .utf16) as? [String: [String: Int]] ?? [:]
                expected[d.file, default: []].append(
                    "\(d.id.rawValue) \(range["start"]?["line"] ?? -1):\(range["start"]?["character"] ?? -1)-"
                        + "\(range["end"]?["line"] ?? -1):\(range["end"]?["character"] ?? -1) \(d.text.text(in: .english))")
            }
            #expect(!whole.diagnostics.isEmpty || context == "opened", "\(context): the edit should make a diagnostic")
            for file in Set(expected.keys).union(published.keys).sorted() {
                #expect((published[file] ?? []) == (expected[file] ?? []), "\(context): \(file)")
            }
        }
        func change(_ name: String, _ context: String, _ edit: (String) -> String) {
            texts[name] = edit(texts[name]!)
            _ = server.handle(
                Self.body([
                    "jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": [
                        "textDocument": ["uri": root.appendingPathComponent(name).absoluteString, "version": 2],
                        "contentChanges": [["text": texts[name]!]],
                    ],
                ]))
            publish()
            expectWholeCheck(context)
        }
        publish()
        expectWholeCheck("opened")
        change("rapat.sop.yaml", "a role misspelt") { $0.replacingOccurrences(of: "actor: kabiro\n", with: "actor: kabir\n") }
        change("rapat.sop.yaml", "rapat calls lakip") {
            $0.replacingOccurrences(of: "    actor: kabir\n", with: "    actor: kabir\n    call: lakip\n")
        }
        change("lakip.sop.yaml", "lines above the cycle") { "# satu\n# dua\n" + $0 }
        change("sopc.yaml", "a role renamed in sopc.yaml") { $0.replacingOccurrences(of: "  kabag:", with: "  kabag-umum:") }
        change("surat.sop.yaml", "surat unreadable") { $0 + "\n  : [\n" }
        change("rapat.sop.yaml", "rapat renamed") { $0.replacingOccurrences(of: "sop: rapat", with: "sop: rapat-x") }
        change("sopc.yaml", "sopc.yaml restored") { $0.replacingOccurrences(of: "  kabag-umum:", with: "  kabag:") }
        // Closing the unsaved rapat: what is on disk again.
        _ = server.handle(
            Self.body([
                "jsonrpc": "2.0", "method": "textDocument/didClose",
                "params": ["textDocument": ["uri": root.appendingPathComponent("rapat.sop.yaml").absoluteString]],
            ]))
        texts["rapat.sop.yaml"] = try String(contentsOf: root.appendingPathComponent("rapat.sop.yaml"), encoding: .utf8)
        publish()
        expectWholeCheck("rapat closed")
    }

    /// The quick fixes beyond "did you mean": a role's or document's printed name where its id belongs, and
    /// "add it to 'actors:'" in a block list. Applying every fix offered clears those diagnostics.
    @Test func quickFixesApplyAndClear() throws {
        let root = try temporaryProject([
            "sopc.yaml": "sopc: 1\norganization: { name: Biro }\nroles:\n  kabiro: Ka Biro\n  staf: Staf\n"
                + "artefacts:\n  surat: Surat Masuk\n",
            "surat.sop.yaml": "sop: surat\nname: Surat\ninputs: [surat]\nactors:\n  - kabiro\nsteps:\n"
                + "  - id: terima\n    activity: Menerima surat\n    actor: ka-biro\n    needs: [surat-masuk]\n"
                + "    time: 5 menit\n  - id: catat\n    activity: Mencatat surat\n    actor: staf\n    time: 5 menit\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let server = LanguageServer()
        Self.initialize(server)
        let file = root.appendingPathComponent("surat.sop.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        Self.open(server, file, text)
        func codes() -> [String] {
            server.flush().compactMap { ($0 as? [String: Any])?["params"] as? [String: Any] }
                .filter { $0["uri"] as? String == file.absoluteString }
                .flatMap { ($0["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }
        }
        let before = codes()
        #expect(before.filter { $0 == "unknown-actor" }.count == 1 && before.contains("unknown-artefact"))
        #expect(before.contains("actor-not-in-columns"), "\(before)")
        let answer = server.handle(
            Self.body([
                "jsonrpc": "2.0", "id": 1, "method": "textDocument/codeAction",
                "params": [
                    "textDocument": ["uri": file.absoluteString],
                    "range": ["start": ["line": 0, "character": 0], "end": ["line": 100, "character": 0]],
                    "context": ["diagnostics": [] as [Any]],
                ],
            ]))
        let actions = try #require((answer.first as? [String: Any])?["result"] as? [[String: Any]])
        var edits: [(line: Int, character: Int, endLine: Int, endCharacter: Int, text: String)] = []
        for action in actions {
            let changes = try #require((action["edit"] as? [String: Any])?["changes"] as? [String: [[String: Any]]])
            for e in changes[file.absoluteString] ?? [] {
                let r = try #require(e["range"] as? [String: [String: Int]])
                edits.append(
                    (
                        r["start"]!["line"]!, r["start"]!["character"]!, r["end"]!["line"]!, r["end"]!["character"]!,
                        e["newText"] as! String
                    ))
            }
        }
        #expect(Set(edits.map(\.text)) == ["kabiro", "surat", "\n  - staf"], "\(edits)")
        // Applied from the last to the first (ASCII text: characters are columns).
        var lines = text.components(separatedBy: "\n")
        for e in edits.sorted(by: { ($0.line, $0.character) > ($1.line, $1.character) }) {
            #expect(e.line == e.endLine)
            var line = Array(lines[e.line])
            line.replaceSubrange(e.character..<e.endCharacter, with: Array(e.text))
            lines[e.line] = String(line)
        }
        _ = server.handle(
            Self.body([
                "jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": [
                    "textDocument": ["uri": file.absoluteString, "version": 2],
                    "contentChanges": [["text": lines.joined(separator: "\n")]],
                ],
            ]))
        let after = codes()
        #expect(!after.contains("unknown-actor") && !after.contains("unknown-artefact"), "\(after)")
        #expect(!after.contains("actor-not-in-columns"), "\(after)\n\(lines.joined(separator: "\n"))")
    }

    /// Another YAML file opened in the editor starts no workspace (its folder is never scanned), and
    /// requests on it are refused.
    @Test func otherFilesAreLeftAlone() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = LanguageServer()
        Self.initialize(server)
        let other = root.appendingPathComponent("docker-compose.yaml")
        Self.open(server, other, "services: {}\n")
        #expect(server.workspaces.isEmpty && server.flush().isEmpty)
        let answer = server.handle(
            Self.body([
                "jsonrpc": "2.0", "id": 1, "method": "textDocument/documentSymbol",
                "params": ["textDocument": ["uri": other.absoluteString]],
            ]))
        #expect(Self.errorCode(answer[0]) == RPCError.requestFailed)
    }

    @Test func languageResolution() {
        #expect(LanguageServer.resolveLanguage("id", environment: [:]) == .indonesian)
        #expect(LanguageServer.resolveLanguage(nil, environment: ["SOPC_LANG": "id"]) == .indonesian)
        #expect(LanguageServer.resolveLanguage(nil, environment: ["LANG": "id_ID.UTF-8"]) == .indonesian)
        #expect(LanguageServer.resolveLanguage("en", environment: ["LANG": "id_ID.UTF-8"]) == .english)
        #expect(LanguageServer.resolveLanguage(nil, environment: [:]) == .english)
    }
}

/// A small seeded generator, so that a failing fuzz round can be replayed.
struct ReaderFuzzRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
