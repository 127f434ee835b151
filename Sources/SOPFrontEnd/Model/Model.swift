import SOPDiagnostics
import SOPSystem

/// An id as written in a file, with its place: a definition (`kabiro:`) or a reference (`actor: kabiro`).
public struct Ref: Sendable, Hashable {
    public var id: String
    public var span: SourceSpan

    public init(_ id: String, _ span: SourceSpan) {
        self.id = id
        self.span = span
    }
}

/// A text value with its place.
public struct Text: Sendable, Hashable {
    public var value: String
    public var span: SourceSpan
}

public struct Role: Sendable {
    public var ref: Ref
    public var name: String
    public var title: String?
}

/// An artefact (document) or a piece of equipment: an id and the name printed for it.
public struct NamedItem: Sendable {
    public var ref: Ref
    public var name: String
}

/// How `time:` values add up (`calendar` in docs/FORMAT.md).
public struct WorkCalendar: Sendable, Hashable {
    public var hoursPerDay: Double = 7.5
    public var daysPerWeek: Double = 5
    public var daysPerMonth: Double = 20
    /// When a working day starts, in minutes since midnight (`day_starts`); nil: 08:00.
    public var dayStarts: Int?
    /// Days that are not working days (`holidays`), in file order.
    public var holidays: [Holiday] = []

    public init() {}
}

/// A holiday of the working calendar: one day (`date`) or a range of days (`from`…`to`, both included).
public struct Holiday: Sendable, Hashable {
    public var from: CalendarDate
    public var to: CalendarDate
    public var name: String

    public init(from: CalendarDate, to: CalendarDate, name: String) {
        self.from = from
        self.to = to
        self.name = name
    }
}

/// The project file `sopc.yaml`.
public struct Project: Sendable {
    public var file: String
    public var organizationName: String = ""
    public var parents: [String] = []
    /// `organization.logo` as written, and the image read from it when it is usable (`invalid-logo`).
    public var logoPath: Text?
    public var logo: Logo?
    public var roles: [Role] = []
    public var artefacts: [NamedItem] = []
    public var equipment: [NamedItem] = []
    public var calendar = WorkCalendar()
    /// Parts written but unreadable (reported already).
    public var unreadable: Unreadable = []

    public var roleIndex = IDIndex()
    public var artefactIndex = IDIndex()
    public var equipmentIndex = IDIndex()

    public init(file: String) { self.file = file }
}

/// A calendar date from the identity page.
public struct CalendarDate: Sendable, Hashable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Parses a strict `YYYY-MM-DD` that names a real day of the Gregorian calendar.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int(b[i] - 0x30)
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        guard y >= 1, (1...12).contains(m), d >= 1, d <= CalendarDate.days(inMonth: m, year: y) else { return nil }
        year = y
        month = m
        day = d
    }

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func days(inMonth m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

public struct DateField: Sendable {
    public var text: Text
    public var date: CalendarDate?
}

public struct Approval: Sendable {
    public var role: Ref?
    public var name: String?
    public var nip: String?
}

/// The identity page (Bagian Identitas).
public struct Identity: Sendable {
    public var number: String?
    public var created: DateField?
    public var revised: DateField?
    public var effective: DateField?
    public var approvedBy: Approval?
    public var legalBasis: [String] = []
    public var qualifications: [String] = []
    /// Equipment ids or free text.
    public var equipment: [Text] = []
    public var warnings: [String] = []
    public var records: [String] = []
    public var related: [Ref] = []
}

public struct TimeField: Sendable {
    public var text: Text
    /// nil when the text does not follow `time` in docs/FORMAT.md.
    public var duration: StepDuration?
}

/// Parts of a file that are written but could not be read (a `wrong-type`, a file libyaml could not read):
/// the checks take such a part as unknown, not as absent, so that nothing is reported on top of the error
/// that was (a `needs:` written as a mapping is not "no needs", a `next:` written as a list is not "go on
/// to the following step").
public struct Unreadable: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let needs = Unreadable(rawValue: 1 << 0)
    public static let makes = Unreadable(rawValue: 1 << 1)
    public static let time = Unreadable(rawValue: 1 << 2)
    public static let call = Unreadable(rawValue: 1 << 3)
    public static let next = Unreadable(rawValue: 1 << 4)
    public static let yes = Unreadable(rawValue: 1 << 12)
    public static let no = Unreadable(rawValue: 1 << 13)
    /// The step's id (which a `next`, `yes` or `no` elsewhere may name).
    public static let id = Unreadable(rawValue: 1 << 14)
    /// Taken for a decision: `yes:`/`no:` without `decision:` (its branches as written are not a choice).
    public static let decision = Unreadable(rawValue: 1 << 15)
    public static let actors = Unreadable(rawValue: 1 << 5)
    public static let inputs = Unreadable(rawValue: 1 << 6)
    public static let outputs = Unreadable(rawValue: 1 << 7)
    public static let artefacts = Unreadable(rawValue: 1 << 8)
    public static let equipment = Unreadable(rawValue: 1 << 9)
    public static let steps = Unreadable(rawValue: 1 << 10)
    public static let roles = Unreadable(rawValue: 1 << 11)
    /// Everything: the file could not be read or is not a mapping.
    public static let all = Unreadable(rawValue: 0xFFFF)
}

/// One row of the flowchart. A class so that the checks' many walks over the steps share one copy; it is
/// filled in by the decoder and never changed after.
public final class Step: @unchecked Sendable {
    public var ref: Ref
    /// The whole step mapping.
    public var span: SourceSpan
    public var activity: String = ""
    public var actors: [Ref] = []
    public var needs: [Ref] = []
    public var time: TimeField?
    public var makes: [Ref] = []
    public var notes: String?
    /// Parts written but unreadable (reported already).
    public var unreadable: Unreadable = []
    /// The parts few steps have (a call, a decision's question and branches, a jump, an `allow:`), held apart
    /// so that a process step does not carry room for them: a large project holds hundreds of thousands of
    /// steps, and without `next` and `allow` a step takes 192 bytes instead of 256 (docs/BENCHMARKS.md).
    private var rare: RareParts?

    /// The parts of ``rare``: what a step that has none of them reads is their default.
    private final class RareParts: @unchecked Sendable {
        var next: Ref?
        var allow: [Ref] = []
        var call: Ref?
        var decision: Text?
        var yes: Ref?
        var no: Ref?
        var yesKey = "yes"
        var noKey = "no"
    }

    /// Writes one of the rare parts: the box is made only for a value other than the part's default.
    private func setRare<T: Equatable>(_ part: ReferenceWritableKeyPath<RareParts, T>, _ value: T, absent: T) {
        guard value != absent || rare != nil else { return }
        if rare == nil { rare = RareParts() }
        rare![keyPath: part] = value
    }

    public var next: Ref? {
        get { rare?.next }
        set { setRare(\.next, newValue, absent: nil) }
    }

    public var allow: [Ref] {
        get { rare?.allow ?? [] }
        set { setRare(\.allow, newValue, absent: []) }
    }

    public var call: Ref? {
        get { rare?.call }
        set { setRare(\.call, newValue, absent: nil) }
    }

    /// The question of a decision step; nil for a process step.
    public var decision: Text? {
        get { rare?.decision }
        set { setRare(\.decision, newValue, absent: nil) }
    }

    public var yes: Ref? {
        get { rare?.yes }
        set { setRare(\.yes, newValue, absent: nil) }
    }

    public var no: Ref? {
        get { rare?.no }
        set { setRare(\.no, newValue, absent: nil) }
    }

    /// How the branches were written: `yes` or `ya`, `no` or `tidak` (or the unknown key read as one),
    /// for the messages that name them.
    public var yesKey: String {
        get { rare?.yesKey ?? "yes" }
        set { setRare(\.yesKey, newValue, absent: "yes") }
    }

    public var noKey: String {
        get { rare?.noKey ?? "no" }
        set { setRare(\.noKey, newValue, absent: "no") }
    }

    public var isDecision: Bool { rare?.decision != nil }

    public init(ref: Ref, span: SourceSpan) {
        self.ref = ref
        self.span = span
    }
}

/// One SOP file.
public struct SOP: Sendable {
    public var file: String
    /// The file name before `.sop.yaml`.
    public var fileStem: String
    public var id: Ref?
    public var name: String = ""
    public var identity = Identity()
    /// The explicit column order, when given.
    public var actors: [Ref]?
    public var actorsSpan: SourceSpan?
    public var inputs: [Ref] = []
    public var outputs: [Ref] = []
    /// The promised maximum of the whole SOP (`deadline:`, a service standard), a `time:`-like duration.
    public var deadline: TimeField?
    public var artefacts: [NamedItem] = []
    public var allow: [Ref] = []
    public var steps: [Step] = []
    public var rootSpan: SourceSpan = .fileStart
    /// Parts written but unreadable (reported already); `.all` for a file that could not be read.
    public var unreadable: Unreadable = []

    public var artefactIndex = IDIndex()
    public var stepIndex = StepIndex()

    /// The SOP's id: `sop:` when readable, else the file name.
    public var sopID: String { id?.id ?? fileStem }

    public init(file: String, fileStem: String) {
        self.file = file
        self.fileStem = fileStem
    }
}
