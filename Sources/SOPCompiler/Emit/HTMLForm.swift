/// The printable SOP form (`<id>.html`): identity page and flowchart table, self-contained.
/// (Being written: the layout with inline SVG symbols, arrows and off-page connectors.)
public enum HTMLForm {
    /// The rows (0-based) on each printed flowchart page, in order.
    public static func pagePlan(_ table: FormTable) -> [[Int]] {
        stride(from: 0, to: table.rows.count, by: 6).map { Array($0..<min($0 + 6, table.rows.count)) }
    }

    public static func render(_ table: FormTable, timing: FormTiming, model: ProjectModel) -> String {
        "<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\"><title></title></head><body></body></html>\n"
    }
}
