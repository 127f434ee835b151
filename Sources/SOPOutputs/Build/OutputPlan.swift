import Dispatch
import SOPChecks
import SOPDiagnostics
import SOPFont
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// Every file `sopc build` writes, with its bytes, before anything touches the disk (docs/OUTPUTS.md):
/// `OUT/<id>/<id>.<suffix>` for each SOP and emitter, and the project-wide files. The build writes the
/// plan with ``OutputFolder``; `check --generated` compares it with what is there.
public struct OutputPlan: Sendable {
    public struct File: Sendable, Equatable {
        /// Relative to OUT, `/`-separated, no `.` or `..` parts.
        public var path: String
        public var bytes: [UInt8]

        public init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// Sorted by path, byte-wise; paths are unique.
    public var files: [File]

    /// The outputs of each SOP, in the order the index lists them (the printable form first).
    public static let sopEmitters: [any SOPEmitter] = [
        HTMLFormEmitter(), CSVEmitter(), MarkdownEmitter(), MachineJSONEmitter(), SCXMLEmitter(), BPMNEmitter(),
        Camunda8Emitter(),
    ]
    public static let projectEmitters: [any ProjectEmitter] = [IndexPageEmitter()]

    public init(files: [File]) {
        self.files = files.sorted { Bytewise.precedes($0.path, $1.path) }
    }

    /// The plan for a lowered project. SOPs are taken in id order; each SOP's files are rendered in
    /// parallel with the others'.
    public init(
        _ project: LoweredProject, sopEmitters: [any SOPEmitter] = OutputPlan.sopEmitters,
        projectEmitters: [any ProjectEmitter] = OutputPlan.projectEmitters
    ) {
        let model = project.model
        let ordered = project.checked.sopsInIDOrder
        let sops = ordered
        let slots = ResultSlots<(SOPOutputSummary, [File])>(count: sops.count)
        Cores.perform(iterations: sops.count) { i in
            let context = SOPOutputContext(ordered[i], project: project)
            let files = OutputPlan.render(context, emitters: sopEmitters)
            slots[i] = (SOPOutputSummary(context: context, files: files.map(\.path)), files)
        }
        var summaries: [SOPOutputSummary] = []
        var files: [File] = []
        for i in 0..<ordered.count {
            guard let (summary, made) = slots[i] else { continue }
            summaries.append(summary)
            files += made
        }
        for emitter in projectEmitters {
            files.append(File(path: emitter.path, bytes: Array(emitter.render(summaries, model: model).utf8)))
        }
        if sopEmitters.contains(where: { $0 is HTMLFormEmitter }) { files += Self.fontFiles }
        self.init(files: files)
    }

    /// The files of one SOP, in emitter order.
    static func render(_ context: SOPOutputContext, emitters: [any SOPEmitter]) -> [File] {
        emitters.flatMap { emitter in files(of: emitter, for: context) { File(path: $0, bytes: $1.bytes) } }
    }

    /// What `make` turns each file of one emitter for one SOP into, given its path in OUT
    /// (`<id>/<id>.<suffix>`) and its text: the emitter's own file, then its extra files, each rendered just
    /// before it is handed over.
    static func files<T>(
        of emitter: any SOPEmitter, for context: SOPOutputContext, _ make: (_ path: String, _ text: consuming RenderedText) -> T
    ) -> [T] {
        files(of: emitter, for: context, writingInto: nil) { path, text, _ in make(path, text) }
    }

    /// ``files(of:for:_:)``, the emitter's own file written as it is rendered into the temporary file that
    /// `begin` opens for its path, if it opens one (``ByteBuffers/writing(to:_:)``): `make` is then given
    /// the bytes not yet written, and the file begun (``WrittenPart``).
    static func files<T>(
        of emitter: any SOPEmitter, for context: SOPOutputContext,
        writingInto begin: ((_ path: String) -> AtomicDirectory.Staging?)?,
        _ make: (_ path: String, _ text: consuming RenderedText, _ begun: WrittenPart?) -> T
    ) -> [T] {
        let id = context.id
        let path = "\(id)/\(id).\(emitter.suffix)"
        var made: [T]
        if let staging = begin?(path) {
            let (text, failure) = ByteBuffers.writing(to: staging.file) { emitter.renderText(context) }
            made = [make(path, text, WrittenPart(staging: staging, failure: failure))]
        } else {
            made = [make(path, emitter.renderText(context), nil)]
        }
        for extra in emitter.extraFiles(context) { made.append(make("\(id)/\(id).\(extra.suffix)", .string(extra.text), nil)) }
        return made
    }

    /// A file of a build whose first bytes went into its temporary file as it was rendered: the file, open,
    /// and the `errno` a write met (0: none). What is left of its text is written after them.
    struct WrittenPart: Sendable {
        let staging: AtomicDirectory.Staging
        let failure: Int32
    }

    /// The printed form's font, stored once in `OUT/fonts/` for every form, with its licence beside it.
    public static var fontFiles: [File] {
        let folder = FormFont.folder + "/"
        return [
            File(path: folder + FormFont.regularFile, bytes: FormFont.regularTTF),
            File(path: folder + FormFont.boldFile, bytes: FormFont.boldTTF),
            File(path: folder + FormFont.licenceFile, bytes: Array((FormFont.licence + "\n").utf8)),
        ]
    }

    /// The manifest this plan leaves in OUT: what sopc wrote, so that a later build may replace or remove
    /// exactly these files and nothing else.
    public var manifest: Manifest { Manifest(paths: files.map(\.path)) }
}
