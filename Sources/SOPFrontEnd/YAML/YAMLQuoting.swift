import SOPSystem

/// Writing a text as a YAML value that reads back as exactly that text, for the "put it in quotes" helps.
package enum YAMLQuoting {
    /// The text in double quotes (`\` and `"` escaped), or in single quotes when it holds a `"` and no `'`.
    /// Scalar by scalar, as YAML reads it: a quote followed by a combining mark is still a quote.
    package static func quoted(_ text: String) -> String {
        let scalars = text.unicodeScalars
        if scalars.contains("\""), !scalars.contains("'") { return "'" + text + "'" }
        var out = "\""
        for s in scalars {
            switch s {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(s)
            }
        }
        return out + "\""
    }
}
