import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// One live case of an SOP (`sopc run`): the machines it runs (copied in, so the case keeps running the
/// same way whatever happens to the definitions later), when it started, and every event taken, with its
/// time. The runtime state (instance stack, artefacts) follows from replaying the events; the case file
/// stores it as well, and reading a case checks that the two agree.
public struct RunCase: Sendable {
    /// The value of `"sopcCase"` in a case file.
    public static let format = 1

    public struct Event: Sendable, Hashable {
        public var at: WallTime
        public var sop: String
        public var step: String
        public var actor: String
        public var event: MachineEvent
    }

    /// Where the machines came from (a definitions or machines folder), as given; for people only.
    public var source: String
    public var started: WallTime
    public private(set) var history: [Event] = []
    public private(set) var runtime: Runtime

    public var root: StateMachine { runtime.library.machine(runtime.root)! }

    public init(root: String, library: MachineLibrary, source: String, started: WallTime) throws(MachineFileError) {
        // Only the machines this SOP can reach are kept.
        let library = try MachineLibrary(library.closure(of: root))
        runtime = try Runtime(root: root, library: library)
        self.source = source
        self.started = started
    }

    /// When the last event was taken (or the case started).
    public var lastTime: WallTime { history.last?.at ?? started }

    /// When an instance entered its current state.
    public func entered(_ frame: RuntimeFrame) -> WallTime {
        frame.enteredAfter == 0 ? started : history[frame.enteredAfter - 1].at
    }

    /// Takes one event at a time no earlier than the last one, or refuses it and changes nothing.
    public mutating func act(_ event: MachineEvent, by actor: String, at time: WallTime) throws(Refusal) -> [RuntimeEffect] {
        if let refusal = runtime.refusal(event, by: actor) { throw refusal }
        guard time >= lastTime else {
            throw Refusal(
                description: "the event's time \(time.text) is before the case's last event, at \(lastTime.text); "
                    + "events are taken in order of time",
                indonesian: "waktu kejadian \(time.text) lebih awal dari kejadian terakhir kasus ini, \(lastTime.text); "
                    + "kejadian dicatat menurut urutan waktu")
        }
        let (m, s) = runtime.current!
        let effects = try runtime.apply(event, by: actor)
        history.append(Event(at: time, sop: m.id, step: s.id, actor: actor, event: event))
        return effects
    }

    // MARK: - The case file

    /// The case file: deterministic JSON (the same case gives the same bytes).
    public func serialized() -> String {
        let history: [JSONValue] = history.map { e in
            .object([
                ("at", .string(e.at.text)), ("sop", .string(e.sop)), ("step", .string(e.step)), ("actor", .string(e.actor)),
                ("event", .string(e.event.rawValue)),
            ])
        }
        let doc = JSONValue.object([
            ("sopcCase", .int(RunCase.format)),
            ("sop", .string(runtime.root)),
            ("source", .string(source)),
            ("started", .string(started.text)),
            ("status", .string(runtime.isFinished ? "ended" : "running")),
            ("stack", stackValue),
            ("delivered", .array(runtime.finalArtefacts.map(JSONValue.string))),
            ("history", .array(history)),
            ("machines", .array(runtime.library.closure(of: runtime.root).map(MachineJSON.value))),
        ])
        return doc.serialized() + "\n"
    }

    /// Reads a case file, replays its events on its machines and checks the stored state against the result.
    public static func decode(_ bytes: [UInt8]) throws(MachineFileError) -> RunCase {
        let value = try MachineJSON.readJSON(bytes)
        let top = try JSONField(value, "").object()
        let format = try top.field("sopcCase").int()
        guard format == RunCase.format else {
            throw MachineFileError("case format \(format) is not supported (this sopc reads format \(RunCase.format))")
        }
        var machines: [StateMachine] = []
        for f in try top.field("machines").array() {
            do {
                machines.append(try MachineJSON.decode(f.value))
            } catch {
                throw MachineFileError("\(f.path): \(error.description)")
            }
        }
        let started = try top.field("started").wallTime()
        var c = try RunCase(
            root: try top.field("sop").id(), library: try MachineLibrary(machines), source: try top.field("source").string(),
            started: started)
        for f in try top.field("history").array() {
            let o = try f.object()
            let eventField = try o.field("event")
            guard let event = MachineEvent(rawValue: try eventField.string()) else {
                throw eventField.error("must be done, yes or no")
            }
            let sop = try o.field("sop").id()
            let step = try o.field("step").id()
            guard let (m, s) = c.runtime.current, m.id == sop, s.id == step else {
                throw f.error("is an event at '\(sop)/\(step)', but replaying the history the case is not there")
            }
            let actor = try o.field("actor").id()
            let at = try o.field("at").wallTime()
            do {
                _ = try c.act(event, by: actor, at: at)
            } catch {
                throw f.error("was refused on replay: \(error.description)")
            }
        }
        let stored = try top.field("stack")
        guard stored.value == c.stackValue else {
            throw stored.error("does not match what the history leads to; the case file was changed by hand")
        }
        let delivered = try top.field("delivered")
        guard delivered.value == .array(c.runtime.finalArtefacts.map(JSONValue.string)) else {
            throw delivered.error("does not match what the history leads to; the case file was changed by hand")
        }
        return c
    }

    /// The instance stack as the case file holds it, outermost first.
    var stackValue: JSONValue {
        .array(
            runtime.stack.map { f in
                .object([
                    ("sop", .string(f.sop)), ("step", .string(f.state)), ("since", .string(entered(f).text)),
                    ("artefacts", .array(f.artefacts.map(JSONValue.string))),
                ])
            })
    }
}

extension JSONField {
    func wallTime() throws(MachineFileError) -> WallTime {
        let s = try string()
        guard let t = WallTime(s) else { throw error("must be a time YYYY-MM-DDTHH:MM, not '\(s)'") }
        return t
    }
}
