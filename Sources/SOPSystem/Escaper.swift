/// How one output language writes the characters that would mean something in it (HTML, XML, JSON,
/// Mermaid): a table of replacements, so that each language states only its table and no emitter writes its
/// own loop. A replacement may be empty (the character is dropped).
package struct Escaper: Sendable {
    /// The replacement of each ASCII character, nil where it stands as it is.
    private let ascii: [String?]
    /// The replacement of a character beyond ASCII, nil where it stands as it is.
    private let beyondASCII: @Sendable (Unicode.Scalar) -> String?

    /// `replacements` holds ASCII characters only; `otherASCII` is asked once, here, for every ASCII
    /// character `replacements` does not name; `beyondASCII` for each character beyond ASCII as it is met.
    package init(
        _ replacements: [Unicode.Scalar: String], otherASCII: (Unicode.Scalar) -> String? = { _ in nil },
        beyondASCII: @escaping @Sendable (Unicode.Scalar) -> String? = { _ in nil }
    ) {
        precondition(replacements.keys.allSatisfy(\.isASCII), "an Escaper's table holds ASCII characters only")
        ascii = (0..<128).map { value in
            let c = Unicode.Scalar(UInt8(value))
            return replacements[c] ?? otherASCII(c)
        }
        self.beyondASCII = beyondASCII
    }

    /// Appends `s` to `out`, escaped: the runs of characters that stand as they are copied whole, not one
    /// by one.
    package func escape(_ s: String, into out: inout String) {
        let scalars = s.unicodeScalars
        var run = scalars.startIndex
        var i = run
        while i < scalars.endIndex {
            let c = scalars[i]
            guard let replacement = c.isASCII ? ascii[Int(c.value)] : beyondASCII(c) else {
                i = scalars.index(after: i)
                continue
            }
            if run < i { out += Substring(scalars[run..<i]) }
            out += replacement
            i = scalars.index(after: i)
            run = i
        }
        if run == scalars.startIndex {
            out += s
        } else if run < scalars.endIndex {
            out += Substring(scalars[run...])
        }
    }

    /// `s`, escaped.
    package func callAsFunction(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        escape(s, into: &out)
        return out
    }
}
