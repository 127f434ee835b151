import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPOutputs
import SOPSystem

/// The compiler, stage by stage. Each stage is a target of its own and hands the next one a type; no
/// stage reaches back into a later one, and none computes again what an earlier one computed.
///
/// 1. **Sources** (`SOPSystem`): the definitions folder scanned (``DefinitionsFolder``), or files held in
///    memory — an editor's unsaved buffer in place of the file on disk.
/// 2. **Parsed files** (`SOPFrontEnd`): each file read with libyaml into a ``YAMLNode`` tree with the line
///    and column of every node (``YAMLReader``), in parallel.
/// 3. **Decoded model** (`SOPFrontEnd`): the typed project and SOPs (``ProjectModel``), with every
///    problem of shape reported at its place.
/// 4. **Checked project** (`SOPChecks`): every check run over the model (``Checker``). The result is a
///    ``CheckResult``, whose ``CheckResult/checked`` is a ``CheckedProject`` exactly when no diagnostic is
///    an error — the only way to one. It carries each SOP's ``StepGraph`` and the project's
///    ``CallGraph``.
/// 5. **Lowered project** (`SOPMachine`): each SOP lowered at most once, on first use, into its ``StateMachine``
///    (``LoweredProject``); a called SOP's machine is shared by all its callers.
/// 6. **Outputs** (`SOPOutputs`): every file `sopc build` writes, in memory (``OutputPlan``); then written
///    to OUT (``OutputFolder/sync(_:to:)``) or compared with it (`check --generated`).
///
/// The runtime (`SOPRuntime`) executes the machines of stage 5, or machine files that a build wrote.
public enum Pipeline {
    /// Stages 1–4 over a definitions folder on disk, and the printed form's check.
    public static func check(directory: String, displayPrefix: String? = nil) throws(UsageError) -> CheckResult {
        var result = try Checker.check(directory: directory, displayPrefix: displayPrefix, beside: FormOverflowCheck.beside)
        var clock = PhaseClock()
        checkForms(&result)
        clock.lap("form check")
        return result
    }

    /// Stages 1–4 over definitions held in memory (paths relative to the definitions root), and the printed
    /// form's check.
    public static func check(files: [String: [UInt8]], displayPrefix: String = "") -> CheckResult {
        var result = Checker.check(files: files, displayPrefix: displayPrefix, beside: FormOverflowCheck.beside)
        checkForms(&result)
        return result
    }

    /// `form-overflow`: what the printed form cannot show in full, measured by its own layout (stage 6's
    /// ``FlowLayout`` and identity layout) on a project without errors; its warnings join the report.
    /// The SOPs in `known` are known to have none and are not laid out; returns every SOP with none. When
    /// the check ran beside stage 4 (``CheckResult/sideFindings``), its findings are reported instead.
    @discardableResult
    public static func checkForms(_ result: inout CheckResult, skipping known: Set<String> = []) -> Set<String> {
        guard let checked = result.checked else { return [] }
        let (found, clean) =
            result.sideFindings.map { FormOverflowCheck.diagnostics(checked, found: $0) }
            ?? FormOverflowCheck.diagnostics(checked, skipping: known)
        guard !found.isEmpty else { return clean }
        result.add(found)
        return clean
    }

    /// `sopc build`'s check: stages 1–4, then the printed form's check, which does not lay out again the
    /// form of an SOP that the last build into `out` found nothing to report on with the same inputs (the
    /// same key, ``BuildInputs``). Returns the result and the inputs to build it with, which record the
    /// SOPs whose forms have nothing to report for the next build.
    public static func checkForBuild(directory: String, out: String) throws(UsageError) -> (
        result: CheckResult, inputs: BuildInputs?
    ) {
        // Without a build state in OUT (a first build) no form is known clean: each is laid out beside the
        // other checks of its SOP, on the step graph they made, as `sopc check` does.
        let stateless = !OutputFolder.mayHaveBuildState(out)
        var result = try Checker.check(directory: directory, beside: stateless ? FormOverflowCheck.beside : nil)
        guard let checked = result.checked else { return (result, nil) }
        var clock = PhaseClock()
        guard var inputs = BuildInputs.of(checked, paths: result.paths, stamps: result.stamps) else {
            checkForms(&result)
            return (result, nil)
        }
        clock.lap("build inputs")
        let known = stateless ? [] : OutputFolder.formsFoundClean(in: out, inputs: &inputs)
        clock.lap("build state read")
        inputs.formClean = checkForms(&result, skipping: known)
        clock.lap("form check")
        return (result, inputs)
    }

    /// Stage 5.
    public static func lower(_ checked: CheckedProject) -> LoweredProject { LoweredProject(checked) }

    /// Stage 6, in memory.
    public static func outputs(_ lowered: LoweredProject) -> OutputPlan { OutputPlan(lowered) }

    /// Stages 5 and 6 for a check result without errors; nil when it has errors.
    public static func outputs(of result: CheckResult) -> OutputPlan? {
        result.checked.map { outputs(lower($0)) }
    }

    /// `sopc build`: stages 5 and 6 written into OUT SOP by SOP, rendering only what may have changed
    /// (``OutputFolder/build(_:inputs:to:emitters:projectEmitters:waiting:)``); nil when the result has
    /// errors. `waiting` is called when another build holds OUT's lock.
    public static func build(_ result: CheckResult, to out: String, waiting: () -> Void = {}) throws(UsageError)
        -> OutputFolder.SyncReport?
    {
        guard let checked = result.checked else { return nil }
        let inputs = BuildInputs.of(checked, paths: result.paths, stamps: result.stamps)
        return try build(result, inputs: inputs, to: out, waiting: waiting)
    }

    /// ``build(_:to:waiting:)`` with the inputs ``checkForBuild(directory:out:)`` gave.
    public static func build(_ result: CheckResult, inputs: BuildInputs?, to out: String, waiting: () -> Void = {})
        throws(UsageError) -> OutputFolder.SyncReport?
    {
        guard let checked = result.checked else { return nil }
        return try OutputFolder.build(lower(checked), inputs: inputs, to: out, waiting: waiting)
    }

    /// `sopc check --generated OUT`: adds a `stale-output` error for each file in OUT that differs from
    /// what `sopc build` would write there, is missing, or is left over from an earlier build, with the
    /// text of the files it shows a line of. Nothing is compared while the definitions have errors: there
    /// is no build to compare with, and the errors already fail the check.
    ///
    /// - Parameters:
    ///   - out: the output folder as given on the command line.
    ///   - displayPrefix: how paths below it are shown (usually `out` itself).
    /// Only the SOPs whose files the last build did not leave as they are, or whose inputs changed since
    /// (``BuildInputs``), are rendered and compared.
    ///   - waiting: called when a `sopc build` into OUT is under way; the comparison waits for it to end.
    public static func checkGenerated(
        _ result: inout CheckResult, out: String, displayPrefix: String? = nil, waiting: () -> Void = {}
    ) throws(UsageError) {
        guard let checked = result.checked else { return }
        let inputs = BuildInputs.of(checked, paths: result.paths, stamps: result.stamps)
        let found = try OutputFolder.compare(lower(checked), inputs: inputs, with: out, waiting: waiting)
        let stale = StaleOutputReport(found, out: out, displayPrefix: displayPrefix)
        result.add(stale.diagnostics)
        result.sources.merge(stale.sources) { _, new in new }
    }
}

extension CheckResult {
    /// Adds diagnostics found after the check to its report, in report order and within its limit.
    mutating func add(_ found: [Diagnostic]) {
        diagnostics += found
        Diagnostic.sortInReportOrder(&diagnostics)
        diagnostics = DiagnosticLimit.apply(diagnostics)
    }

    /// Stage 5 for a result without errors.
    public var lowered: LoweredProject? { checked.map(Pipeline.lower) }
}
