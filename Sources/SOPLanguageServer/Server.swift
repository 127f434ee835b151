import Foundation
import SOPCompiler

/// `sopc lsp`: a Language Server Protocol 3.17 server over the definitions folders of the documents the
/// editor opens (docs/EDITORS.md). The server is a pure function of the messages it is given: ``handle(_:)``
/// takes one message body and returns what to send; ``flush()`` checks what changed and returns the
/// diagnostics to publish. ``serve(input:output:)`` is the stdio loop around them.
public final class LanguageServer {
    public let language: Language
    var encoding: PositionEncoding = .utf16
    var initialized = false
    var shuttingDown = false
    /// Set by `exit`: the status the process ends with.
    public private(set) var exitStatus: Int32?
    /// Open documents: path → the client's URI.
    var openURIs: [String: String] = [:]
    var workspaces: [String: Workspace] = [:]
    /// Whether the client applies a `RenameFile` operation in a workspace edit.
    var clientRenamesFiles = false

    public init(language: Language = .english) {
        self.language = language
    }

    // MARK: - Messages

    /// Handles one message body; returns the messages to send back (responses, notifications).
    public func handle(_ body: [UInt8]) -> [Any] {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        } catch {
            return [Self.error(id: NSNull(), RPCError.parseError, "invalid JSON")]
        }
        guard let message = json as? [String: Any] else {
            return [Self.error(id: NSNull(), RPCError.invalidRequest, "a message must be a JSON object")]
        }
        let id = message["id"]
        guard let method = message["method"] as? String else {
            // A response to a request of ours (none needs an answer), or garbage.
            if id != nil, message["result"] != nil || message["error"] != nil { return [] }
            return [Self.error(id: id ?? NSNull(), RPCError.invalidRequest, "a message needs a 'method'")]
        }
        let params = message["params"] as? [String: Any] ?? [:]
        if let id {
            guard id is String || id is NSNumber else {
                return [Self.error(id: NSNull(), RPCError.invalidRequest, "a request id is a number or a string")]
            }
            return request(id: id, method: method, params: params)
        }
        return notification(method, params)
    }

    static func error(id: Any, _ code: Int, _ text: String) -> [String: Any] {
        ["jsonrpc": "2.0", "id": id, "error": ["code": code, "message": text]]
    }

    static func response(id: Any, _ result: Any) -> [String: Any] {
        ["jsonrpc": "2.0", "id": id, "result": result]
    }

    static func notify(_ method: String, _ params: Any) -> [String: Any] {
        ["jsonrpc": "2.0", "method": method, "params": params]
    }

    struct Failure: Error {
        var code: Int
        var message: String
    }

    func request(id: Any, method: String, params: [String: Any]) -> [Any] {
        if method == "initialize" {
            if initialized { return [Self.error(id: id, RPCError.invalidRequest, "initialize was already received")] }
            initialized = true
            return [Self.response(id: id, initialize(params))]
        }
        guard initialized else {
            return [Self.error(id: id, RPCError.serverNotInitialized, "the server is not initialized")]
        }
        if shuttingDown { return [Self.error(id: id, RPCError.invalidRequest, "the server is shutting down")] }
        var extra: [Any] = []
        do {
            let result: Any
            switch method {
            case "shutdown":
                shuttingDown = true
                result = NSNull()
            case "textDocument/completion": result = try completion(params)
            case "textDocument/hover": result = try hover(params)
            case "textDocument/definition": result = try definition(params)
            case "textDocument/references": result = try references(params)
            case "textDocument/prepareRename": result = try prepareRename(params)
            case "textDocument/rename":
                let (edit, note) = try rename(params)
                result = edit
                if let note { extra.append(Self.notify("window/showMessage", ["type": 3, "message": note])) }
            case "textDocument/documentSymbol": result = try documentSymbols(params)
            case "textDocument/codeAction": result = try codeActions(params)
            default:
                return [Self.error(id: id, RPCError.methodNotFound, "unknown method '\(method)'")]
            }
            return [Self.response(id: id, result)] + extra
        } catch let failure as Failure {
            return [Self.error(id: id, failure.code, failure.message)]
        } catch {
            return [Self.error(id: id, RPCError.internalError, "\(error)")]
        }
    }

    func notification(_ method: String, _ params: [String: Any]) -> [Any] {
        if method == "exit" {
            exitStatus = shuttingDown ? 0 : 1
            return []
        }
        guard initialized, !shuttingDown else { return [] }
        switch method {
        case "textDocument/didOpen":
            guard let doc = params["textDocument"] as? [String: Any], let uri = doc["uri"] as? String,
                let text = doc["text"] as? String, let path = Self.path(uri), Self.isDefinitionsFile(path)
            else { return [] }
            openURIs[path] = uri
            update(path, Array(text.utf8))
            workspace(for: path).announce.insert(path)
        case "textDocument/didChange":
            guard let doc = params["textDocument"] as? [String: Any], let uri = doc["uri"] as? String,
                let path = Self.path(uri), Self.isDefinitionsFile(path),
                let changes = params["contentChanges"] as? [[String: Any]]
            else { return [] }
            guard var bytes = workspace(for: path).text(path) else { return [] }
            for change in changes {
                guard let text = change["text"] as? String else { continue }
                if let range = change["range"] as? [String: Any], let start = range["start"] as? [String: Any],
                    let end = range["end"] as? [String: Any]
                {
                    let lines = LineTable(bytes)
                    let a = lines.offset(line: Self.int(start["line"]), character: Self.int(start["character"]), encoding)
                    let b = lines.offset(line: Self.int(end["line"]), character: Self.int(end["character"]), encoding)
                    bytes.replaceSubrange(min(a, b)..<max(a, b), with: Array(text.utf8))
                } else {
                    bytes = Array(text.utf8)
                }
            }
            update(path, bytes)
            // The edited file's diagnostics are published after every change, even when unchanged.
            workspace(for: path).announce.insert(path)
        case "textDocument/didClose":
            guard let doc = params["textDocument"] as? [String: Any], let uri = doc["uri"] as? String,
                let path = Self.path(uri), Self.isDefinitionsFile(path)
            else { return [] }
            openURIs[path] = nil
            // Back to what is on disk (or gone, when it is not there).
            let disk = FileManager.default.contents(atPath: path).map { Array($0) }
            update(path, disk)
        case "workspace/didChangeWatchedFiles":
            for change in params["changes"] as? [[String: Any]] ?? [] {
                guard let uri = change["uri"] as? String, let path = Self.path(uri), Self.isDefinitionsFile(path),
                    openURIs[path] == nil
                else { continue }
                update(path, FileManager.default.contents(atPath: path).map { Array($0) })
            }
        default:
            break  // `initialized`, `$/cancelRequest`, `textDocument/didSave` and unknown notifications: nothing to do
        }
        return []
    }

    static func int(_ v: Any?) -> Int { (v as? NSNumber)?.intValue ?? 0 }

    static func path(_ uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.standardizedFileURL.path
    }

    /// Whether a path is one the server reads: `sopc.yaml` or `<id>.sop.yaml` (other YAML files open in the
    /// editor start no workspace, so that no unrelated folder is ever scanned).
    static func isDefinitionsFile(_ path: String) -> Bool {
        path.hasSuffix(".sop.yaml") || (path as NSString).lastPathComponent == Checker.projectFileName
    }

    func uri(_ path: String) -> String { openURIs[path] ?? URL(fileURLWithPath: path).absoluteString }

    func update(_ path: String, _ bytes: [UInt8]?) {
        let ws = workspace(for: path)
        guard let rel = ws.relative(path) else { return }
        guard rel == Checker.projectFileName || rel.hasSuffix(".sop.yaml") else { return }
        ws.session.update(rel, to: bytes)
        ws.dirty = true
    }

    /// The workspace of a file, made on first use.
    func workspace(for path: String) -> Workspace {
        let root = Workspace.root(of: path, open: Set(openURIs.keys))
        if let ws = workspaces[root] { return ws }
        let ws: Workspace
        do {
            ws = try Workspace(root: root)
        } catch {
            // An unreadable folder: an empty session over the open text alone.
            ws = Workspace(empty: root)
        }
        workspaces[root] = ws
        return ws
    }

    /// Checks every workspace with changes and returns the `publishDiagnostics` notifications of the files
    /// whose diagnostics changed.
    public func flush() -> [Any] {
        var out: [Any] = []
        for root in workspaces.keys.sorted() {
            let ws = workspaces[root]!
            for (file, diagnostics) in ws.check() {
                let lines = LineTable(ws.text(file) ?? [])
                out.append(
                    Self.notify(
                        "textDocument/publishDiagnostics",
                        ["uri": uri(file), "diagnostics": diagnostics.map { lspDiagnostic($0, lines, ws) }]))
            }
        }
        return out
    }

    func lspDiagnostic(_ d: Diagnostic, _ lines: LineTable, _ ws: Workspace) -> [String: Any] {
        var message = d.text.text(in: language)
        if let help = d.helpText { message += "\n" + (language == .indonesian ? "saran: " : "help: ") + help.text(in: language) }
        var result: [String: Any] = [
            "range": lines.lspRange(d.span, encoding), "severity": d.severity == .error ? 1 : 2, "code": d.id.rawValue,
            "source": "sopc", "message": message,
        ]
        var related: [[String: Any]] = []
        for note in d.notes {
            let file = note.file ?? d.file
            let noteLines = file == d.file ? lines : LineTable(ws.text(file) ?? [])
            let at = note.position.map { SourceSpan(at: $0, length: 0) } ?? d.span
            related.append([
                "location": ["uri": uri(file), "range": noteLines.lspRange(at, encoding)],
                "message": note.text.text(in: language),
            ])
        }
        if !related.isEmpty { result["relatedInformation"] = related }
        return result
    }

    // MARK: - initialize

    func initialize(_ params: [String: Any]) -> [String: Any] {
        let capabilities = params["capabilities"] as? [String: Any] ?? [:]
        let general = capabilities["general"] as? [String: Any] ?? [:]
        let offered = general["positionEncodings"] as? [String] ?? []
        encoding = offered.contains("utf-8") && !offered.contains("utf-16") || offered.first == "utf-8" ? .utf8 : .utf16
        let workspaceEdit = (capabilities["workspace"] as? [String: Any])?["workspaceEdit"] as? [String: Any]
        clientRenamesFiles =
            (workspaceEdit?["resourceOperations"] as? [String])?.contains("rename") == true
            && workspaceEdit?["documentChanges"] as? Bool == true
        return [
            "capabilities": [
                "positionEncoding": encoding.rawValue,
                "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
                "completionProvider": ["triggerCharacters": [" ", ":", "[", ",", "-"], "resolveProvider": false],
                "hoverProvider": true,
                "definitionProvider": true,
                "referencesProvider": true,
                "renameProvider": ["prepareProvider": true],
                "documentSymbolProvider": true,
                "codeActionProvider": ["codeActionKinds": ["quickfix"]],
            ] as [String: Any],
            "serverInfo": ["name": "sopc", "version": "1"],
        ]
    }

    // MARK: - Helpers for requests

    struct Place {
        var ws: Workspace
        var path: String
        var lines: LineTable
        var position: SourcePosition
        var model: ProjectModel
    }

    /// The document and position of a request, after checking pending changes.
    func place(_ params: [String: Any], needsPosition: Bool = true) throws -> Place {
        guard let doc = params["textDocument"] as? [String: Any], let uri = doc["uri"] as? String, let path = Self.path(uri)
        else { throw Failure(code: RPCError.invalidParams, message: "a 'textDocument' with a file 'uri' is needed") }
        guard Self.isDefinitionsFile(path) else {
            throw Failure(code: RPCError.requestFailed, message: "not a sopc.yaml or .sop.yaml file: \(path)")
        }
        let ws = workspace(for: path)
        ws.refresh()  // its diagnostics are published by the next flush
        guard let model = ws.model else { throw Failure(code: RPCError.requestFailed, message: "the project is not checked yet") }
        let lines = LineTable(ws.text(path) ?? [])
        var position = SourcePosition.start
        if needsPosition {
            guard let p = params["position"] as? [String: Any], let line = p["line"] as? NSNumber,
                let character = p["character"] as? NSNumber
            else { throw Failure(code: RPCError.invalidParams, message: "a 'position' is needed") }
            position = lines.source(line: line.intValue, character: character.intValue, encoding)
        }
        return Place(ws: ws, path: path, lines: lines, position: position, model: model)
    }

    func location(_ o: Occurrence, _ ws: Workspace) -> [String: Any] {
        let lines = LineTable(ws.text(o.file) ?? [])
        return ["uri": uri(o.file), "range": lines.lspRange(o.span, encoding)]
    }

    func symbol(at place: Place) -> Occurrence? {
        SymbolIndex.occurrences(inFile: place.path, model: place.model).first { $0.contains(place.position) }
    }

    // MARK: - Definition, references

    func definition(_ params: [String: Any]) throws -> Any {
        let place = try place(params)
        guard let o = symbol(at: place) else { return NSNull() }
        let declarations = SymbolIndex.occurrences(of: o.symbol, model: place.model).filter { $0.use == .declaration }
        return declarations.map { location($0, place.ws) }
    }

    func references(_ params: [String: Any]) throws -> Any {
        let place = try place(params)
        guard let o = symbol(at: place) else { return NSNull() }
        let withDeclaration = (params["context"] as? [String: Any])?["includeDeclaration"] as? Bool ?? true
        return SymbolIndex.occurrences(of: o.symbol, model: place.model)
            .filter { withDeclaration || $0.use != .declaration }
            .map { location($0, place.ws) }
    }

    // MARK: - Rename

    func prepareRename(_ params: [String: Any]) throws -> Any {
        let place = try place(params)
        guard let o = symbol(at: place), o.symbol.kind != .equipment else { return NSNull() }
        return ["range": place.lines.lspRange(o.span, encoding), "placeholder": o.symbol.id]
    }

    func rename(_ params: [String: Any]) throws -> (Any, String?) {
        let place = try place(params)
        guard let newName = params["newName"] as? String else {
            throw Failure(code: RPCError.invalidParams, message: "a 'newName' is needed")
        }
        guard let o = symbol(at: place) else {
            throw Failure(code: RPCError.requestFailed, message: LSPText.nothingToRename.text(language))
        }
        guard Names.isValidID(newName), newName != "end" else {
            throw Failure(code: RPCError.requestFailed, message: LSPText.invalidNewID(newName).text(language))
        }
        var changes: [String: [[String: Any]]] = [:]
        for occurrence in SymbolIndex.occurrences(of: o.symbol, model: place.model) {
            let lines = LineTable(place.ws.text(occurrence.file) ?? [])
            changes[uri(occurrence.file), default: []].append([
                "range": lines.lspRange(occurrence.span, encoding), "newText": newName,
            ])
        }
        var note: String?
        if o.symbol.kind == .sop, let sop = place.model.sop(o.symbol.id), sop.fileStem == o.symbol.id {
            let newFile = ((sop.file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
                "\(newName).sop.yaml")
            note = LSPText.renameFile(from: (sop.file as NSString).lastPathComponent, to: "\(newName).sop.yaml").text(language)
            if clientRenamesFiles {
                var documentChanges: [Any] = changes.keys.sorted().map { u in
                    ["textDocument": ["uri": u, "version": NSNull()], "edits": changes[u]!] as [String: Any]
                }
                documentChanges.append([
                    "kind": "rename", "oldUri": uri(sop.file), "newUri": URL(fileURLWithPath: newFile).absoluteString,
                ])
                return (["documentChanges": documentChanges], note)
            }
        }
        return (["changes": changes], note)
    }

    // MARK: - Document symbols

    func documentSymbols(_ params: [String: Any]) throws -> Any {
        let place = try place(params, needsPosition: false)
        func range(_ s: SourceSpan) -> [String: Any] { place.lines.lspRange(s, encoding) }
        if let project = place.model.project, project.file == place.path {
            var out: [[String: Any]] = []
            for r in project.roles {
                out.append([
                    "name": r.ref.id, "detail": r.name, "kind": 5, "range": range(r.ref.span),
                    "selectionRange": range(r.ref.span),
                ])
            }
            for a in project.artefacts {
                out.append([
                    "name": a.ref.id, "detail": a.name, "kind": 1, "range": range(a.ref.span),
                    "selectionRange": range(a.ref.span),
                ])
            }
            for e in project.equipment {
                out.append([
                    "name": e.ref.id, "detail": e.name, "kind": 19, "range": range(e.ref.span),
                    "selectionRange": range(e.ref.span),
                ])
            }
            return out
        }
        guard let sop = place.ws.sop(at: place.path) else { return [Any]() }
        return sop.steps.enumerated().compactMap { (i, step) -> [String: Any]? in
            guard !step.ref.id.isEmpty else { return nil }
            let detail: String
            if let q = step.decision {
                detail = "◇ \(i + 1). \(q.value)"
            } else {
                detail = "\(i + 1). \(step.activity)"
            }
            // A decision is an Enum symbol (its two branches), a process step a Function.
            return [
                "name": step.ref.id, "detail": detail, "kind": step.isDecision ? 10 : 12,
                "range": range(step.span.end < step.ref.span.end ? step.ref.span : step.span),
                "selectionRange": range(step.ref.span),
            ]
        }
    }
}

extension Workspace {
    /// A workspace over no files (a folder that could not be read).
    convenience init(empty root: String) {
        self.init(root: root, session: CheckSession(files: [:], displayPrefix: root))
    }
}
