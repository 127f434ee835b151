import SOPSystem

/// Writing a text as a YAML value that reads back as exactly that text, for the "put it in quotes" helps.
package enum YAMLQuoting {
    /// The text in double quotes (`\` and `"` escaped), or in single quotes when it holds a `"` and no `'`.
    package static func quoted(_ text: String) -> String {
        if text.contains("\""), !text.contains("'") { return "'" + text + "'" }
        var out = "\""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
