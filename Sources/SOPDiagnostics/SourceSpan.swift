import SOPSystem

/// A position in a source file: 1-based line and column, the column counted in characters.
public struct SourcePosition: Sendable, Hashable, Comparable {
    // Stored narrow: every node and reference carries two positions.
    private var storedLine: Int32
    private var storedColumn: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    public static let start = SourcePosition(line: 1, column: 1)

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        a.line != b.line ? a.line < b.line : a.column < b.column
    }
}

/// A half-open range of characters in one file: `start` is the first character, `end` the one after the last.
public struct SourceSpan: Sendable, Hashable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    public init(at position: SourcePosition, length: Int = 1) {
        self.start = position
        self.end = SourcePosition(line: position.line, column: position.column + max(length, 0))
    }

    public static let fileStart = SourceSpan(at: .start, length: 0)
}
