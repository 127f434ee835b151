import SOPChecks
import SOPDiagnostics
import SOPFrontEnd
import SOPMachine
import SOPSystem

/// The identity page (Bagian Identitas) as every printable output shows it.
public struct FormIdentity: Sendable {
    /// The units above the organisation, outermost first, then the organisation itself.
    public var units: [String]
    /// Nomor SOP; empty when not given.
    public var number: String
    /// Tanggal Pembuatan, Revisi, Efektif in Indonesian ("15 Januari 2024"); empty when not given.
    public var created: String
    public var revised: String
    public var effective: String
    /// Disahkan oleh: the approving role's title (its name when it has none), the person's name and NIP;
    /// each empty when not given.
    public var approverTitle: String
    public var approverName: String
    public var approverNIP: String
    /// Nama SOP.
    public var name: String
    public var legalBasis: [String]
    public var qualifications: [String]
    /// Keterkaitan: "SOP <name>" of each related SOP (``FormTable/related``).
    public var related: [String]
    /// Peralatan/Perlengkapan: an equipment id's display name, or the text as written.
    public var equipment: [String]
    public var warnings: [String]
    public var records: [String]

    public init(_ table: FormTable, model: ProjectModel) {
        self.init(table.sop, related: table.related.map { "SOP " + $0.name }, model: model)
    }

    /// The identity of `sop`, with Keterkaitan's entries as given.
    init(_ sop: SOP, related: [String], model: ProjectModel) {
        let identity = sop.identity
        let project = model.project
        units = (project?.parents ?? []) + (project.map { [$0.organizationName] } ?? [])
        number = identity.number ?? ""
        func date(_ field: DateField?) -> String {
            guard let field else { return "" }
            return field.date.map(FormText.date) ?? field.text.value
        }
        created = date(identity.created)
        revised = date(identity.revised)
        effective = date(identity.effective)
        let approval = identity.approvedBy
        let role = approval?.role.flatMap { ref in project?.roleIndex[ref.id].map { project!.roles[$0] } }
        approverTitle = role.map { $0.title ?? $0.name } ?? ""
        approverName = approval?.name ?? ""
        approverNIP = approval?.nip ?? ""
        name = sop.name
        legalBasis = identity.legalBasis
        qualifications = identity.qualifications
        self.related = related
        equipment = identity.equipment.map { item in
            project?.equipmentIndex[item.value].map { project!.equipment[$0].name } ?? item.value
        }
        warnings = identity.warnings
        records = identity.records
    }
}
