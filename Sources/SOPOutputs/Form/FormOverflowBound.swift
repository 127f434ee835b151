import SOPFont
import SOPFrontEnd

/// A proof, from the lengths of an SOP's texts, that its printed form has nothing for `form-overflow` to
/// report: the check then does not lay the form out (``FormOverflowCheck``). Where the proof does not go
/// through — a long text, a long actor name, a question that may not fit its diamond — the form is laid out
/// as before and the check reports what the layout finds, so the report is the same either way.
///
/// Each part bounds what the layout measures (``FlowLayout``, ``IdentityLayout``) from above:
/// - a text of `b` UTF-8 bytes takes at most ``linesAtMost(bytes:width:pt:)`` lines in any column;
/// - a row's height at the smallest type is at most its tallest text's bound, or the tallest symbol with
///   its arrows and end capsule; the room a page offers to rows is at least what is left with the tallest
///   time totals that stand under a table;
/// - the actors' header, the title, the identity page's header table and whether each question fits its
///   diamond at the tallest are worked out as the layout works them out (the same functions).
enum FormOverflowBound {
    /// A space's width in em, the wider of the two weights.
    static let spaceEm = max(TextMetrics.width(" ", bold: false), TextMetrics.width(" ", bold: true))

    /// What a byte of text can add to ``linesAtMost(bytes:width:pt:)``'s sum, in em (see there).
    static let emPerByte = 2 * FormFont.widestPerUTF8Byte + spaceEm

    /// At least ``TextMetrics/lines(_:width:pt:bold:)`` of any text of `bytes` UTF-8 bytes, regular or bold,
    /// in a line `width` millimetres wide (at least 1) at `pt` points.
    ///
    /// `lines` starts a new line in two cases. Either a word does not fit after the line so far: the line
    /// so far, a space and the word are then wider than a line. Or a word longer than a line is broken: each
    /// break takes a line's width of it, and only the rest stays on the line the next word is tried after.
    /// Over all lines, each word's width is counted at most twice (as what is on its line, and as the word
    /// that did not fit) less what its breaks took, and each space between words at most twice; so, with the
    /// words `W` millimetres wide in all, `n` words and a space `s` wide, lines < 1 + (2·W + 2·n·s) / width.
    /// And `W` is at most the widest character per byte times the bytes; `n` words take at least 2·n − 1
    /// bytes, the words and a separator between each two.
    static func linesAtMost(bytes: Int, width: Double, pt: Double) -> Double {
        guard bytes > 0 else { return 1 }
        return 1 + (Double(bytes) * emPerByte + spaceEm) * FlowLayout.mm(pt: pt) * TextMetrics.safety / width
    }

    /// The most bytes a text can have and still be sure to take at most `lines` lines of `width` at `pt`.
    static func bytesWithin(lines: Double, width: Double, pt: Double) -> Double {
        ((lines - 1) * width / (FlowLayout.mm(pt: pt) * TextMetrics.safety) - spaceEm) / emPerByte * (1 - 1e-9)
    }

    /// Whether the form of `sop` surely overflows nowhere; false when that is not shown (it may still fit).
    /// - Parameter callers: the ids of the SOPs that call it (their names are in its Keterkaitan).
    static func fits(_ sop: SOP, model: ProjectModel, callers: [String]) -> Bool {
        let roles = model.actorColumns(of: sop)
        let columns = FlowLayout.Columns(actorCount: max(1, roles.count))
        // "No", Kegiatan, Kelengkapan, Waktu, Output and Ket, as wide as the layout measures them; columns
        // that many actors leave too narrow are not bounded.
        let cells = [0, columns.kegiatan, columns.kelengkapan, columns.waktu, columns.output, columns.ket].map {
            columns.widths[$0] - 2 * FlowLayout.padX
        }
        guard cells.allSatisfy({ $0 >= 1 }) else { return false }

        // The actors' header (`.header`): as the layout sets it.
        let header = FlowLayout.header(roles.map(\.name), columns: columns)
        guard header.needed.allSatisfy({ $0 <= header.bottom + 0.01 }) else { return false }

        // The title (`.title`) and the least room a page offers to rows: the time totals under the last table
        // are at most ``FlowLayout/maxTotalsUnderTable`` high (taller ones go on sheets of their own).
        let capacity = FlowLayout.rowCapacity(
            fixed: FlowLayout.titleHeight(of: sop.name) + FlowLayout.headerTopHeight + header.bottom,
            totalsHeight: FlowLayout.maxTotalsUnderTable)
        guard capacity >= FlowLayout.minRowRoom else { return false }

        // Rows (`.row`): a row overflows only when its height at the smallest type is more than the room.
        // That height is the tallest of its texts, its symbol (at most the tallest diamond) with the arrows'
        // room and an end capsule, and the least row height, rounded up to half a millimetre.
        let symbol = FlowLayout.symbolHeight(FlowLayout.maxDiamondHeight, endCapsule: true)
        guard max(symbol, FlowLayout.minRowHeight) + 0.5 <= capacity else { return false }
        let pt = FlowLayout.fontSizes.last!
        // (The text's height grows by one line's height a line.)
        let lines = (capacity - 0.5 - FlowLayout.textHeight(lines: 0, pt: pt)) / FlowLayout.lineMM(pt)
        let limit = cells.map { bytesWithin(lines: lines, width: $0, pt: pt) }
        let (number, kegiatan, kelengkapan, waktu, output, ket) = (limit[0], limit[1], limit[2], limit[3], limit[4], limit[5])

        // A Kelengkapan or Output name is the SOP's artefact's, the project's artefact's or equipment's, or the
        // id itself (``ProjectModel/displayName(_:in:)``): at most the longest of those, else looked up.
        var longestName = model.longestProjectItemName
        for item in sop.artefacts { longestName = max(longestName, item.name.utf8.count) }
        func names(_ refs: [Ref], within limit: Double) -> Bool {
            guard !refs.isEmpty else { return true }
            var bytes = 2 * (refs.count - 1)
            for ref in refs { bytes += max(longestName, ref.id.utf8.count) }
            if Double(bytes) <= limit { return true }
            bytes = 2 * (refs.count - 1)
            for ref in refs { bytes += model.displayName(ref.id, in: sop).utf8.count }
            return Double(bytes) <= limit
        }

        // Questions (`.question`): every one fits its diamond at the tallest it grows to, so the layout finds
        // a height that holds them all.
        let diamond = FlowLayout.SymbolSize(columnWidth: columns.actorWidth).diamond
        var digits = 1
        var tenth = 10
        for (i, step) in sop.steps.enumerated() {
            if i + 1 == tenth {
                digits += 1
                tenth = tenth > Int.max / 10 ? Int.max : tenth * 10
            }
            guard Double(digits) <= number, Double(step.activity.utf8.count) <= kegiatan,
                Double(step.time?.text.value.utf8.count ?? 0) <= waktu,
                names(step.needs, within: kelengkapan), names(step.makes, within: output)
            else { return false }
            var remarks = step.notes?.utf8.count ?? 0
            if let call = step.call {
                remarks += (remarks > 0 ? 2 : 0) + 4 + (model.sopName(call.id) ?? call.id).utf8.count
            }
            guard Double(remarks) <= ket else { return false }
            if let question = step.decision,
                FlowLayout.fitQuestion(question.value, w: diamond.w, h: FlowLayout.maxDiamondHeight) == nil
            {
                return false
            }
        }
        return identityFits(sop, model: model, callers: callers)
    }

    /// The identity page: its header table leaves room for a box, and every entry of the boxes under it fits
    /// on the first page under it (a later page has more room). The header table's height is bounded from
    /// the lengths of its texts first; only when that leaves too little room is it set as the layout sets it.
    static func identityFits(_ sop: SOP, model: ProjectModel, callers: [String]) -> Bool {
        if entriesFit(sop, model: model, callers: callers, head: headAtMost(sop, model: model)) { return true }
        let head = IdentityLayout(FormIdentity(sop, related: [], model: model), paginating: false).headHeight()
        return entriesFit(sop, model: model, callers: callers, head: head)
    }

    /// At least ``IdentityLayout/headHeight()``: each text of the header table bounded by its length (a date
    /// as the form writes it: day, month's name, year), the organisation's names in capitals.
    static func headAtMost(_ sop: SOP, model: ProjectModel) -> Double {
        func lines(_ bytes: Int) -> Double { linesAtMost(bytes: bytes, width: IdentityLayout.valueWidth, pt: IdentityLayout.pt) }
        func date(_ field: DateField?) -> Int {
            guard let field else { return 1 }
            guard let date = field.date else { return max(1, field.text.value.utf8.count) }
            func digits(_ n: Int) -> Int {
                var count = n < 0 ? 2 : 1
                var rest = n.magnitude
                while rest >= 10 {
                    rest /= 10
                    count += 1
                }
                return count
            }
            return digits(date.day) + 1 + longestMonth + 1 + digits(date.year)
        }
        let identity = sop.identity
        let project = model.project
        var title = 0
        if let ref = identity.approvedBy?.role, let project, let i = project.roleIndex[ref.id] {
            title = (project.roles[i].title ?? project.roles[i].name).utf8.count
        }
        let rows = [
            lines(max(1, identity.number?.utf8.count ?? 0)), lines(date(identity.created)), lines(date(identity.revised)),
            lines(date(identity.effective)), lines(sop.name.utf8.count), lines(title),
        ]
        var organisation: [Double] = []
        for unit in (project?.parents ?? []) + (project.map { [$0.organizationName] } ?? []) where !unit.isEmpty {
            // In capitals: as many bytes for ASCII; else counted (a capital may take more bytes).
            let bytes = unit.utf8.allSatisfy { $0 < 0x80 } ? unit.utf8.count : unit.uppercased().utf8.count
            organisation.append(
                linesAtMost(bytes: bytes, width: IdentityLayout.organisationWidth, pt: IdentityLayout.organisationPt))
        }
        return IdentityLayout.headHeight(rows: rows, organisation: organisation)
    }

    /// The longest month's name as the form writes a date, in bytes.
    static let longestMonth = FormText.months.map(\.utf8.count).max()!

    /// Whether, under a header table `head` high, there is room for a box and every entry fits on the page.
    static func entriesFit(_ sop: SOP, model: ProjectModel, callers: [String], head: Double) -> Bool {
        let room = IdentityLayout.budget - head - 2
        let line = IdentityLayout.lineMM(IdentityLayout.boxPt)
        guard room >= IdentityLayout.cellFixed + line else { return false }
        let limit = bytesWithin(
            lines: (room - IdentityLayout.cellFixed) / line, width: IdentityLayout.itemWidth, pt: IdentityLayout.boxPt)
        let identity = sop.identity
        for list in [identity.legalBasis, identity.qualifications, identity.warnings, identity.records] {
            for entry in list where Double(entry.utf8.count) > limit { return false }
        }
        // Peralatan: an equipment id's name, or the text as written.
        let project = model.project
        for item in identity.equipment {
            let name = project?.equipmentIndex[item.value].map { project!.equipment[$0].name } ?? item.value
            if Double(name.utf8.count) > limit { return false }
        }
        // Keterkaitan: "SOP <name>" of each SOP called, calling or related.
        func related(_ id: String) -> Bool {
            guard let name = model.sopName(id) else { return true }
            return Double(4 + name.utf8.count) <= limit
        }
        for step in sop.steps { if let call = step.call, !related(call.id) { return false } }
        return callers.allSatisfy(related) && identity.related.allSatisfy { related($0.id) }
    }
}
