import Foundation
import Testing

@testable import SOPCompiler

/// The LAKIP table that sopc builds from `definitions/` is the seed document's table
/// (`shared/seed/000_ae283ae58617ddac.txt`), cell for cell, and each symbol sits in the column of the actor
/// ../shared/DOMAIN.md assigns to its row.
@Suite struct SeedTableTests {
    /// The seed's table: the header line with `No.`, the line of actor names, then one line per row.
    struct Seed {
        var actors: [String]
        var rows: [[String]]
    }

    static func readSeed() throws -> Seed {
        let url = Paths.shared.appendingPathComponent("seed/000_ae283ae58617ddac.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        let header = try #require(lines.firstIndex { $0.hasPrefix("No.\tKegiatan\tPelaksana") }, "the seed's header line")
        let names = lines[header + 1].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        // `\t\tKa Biro\t…\tArsiparis\tKelengkapan\tWaktu\tOutput\t`: the actors sit between the two empty
        // cells of No/Kegiatan and Kelengkapan.
        let kelengkapan = try #require(names.firstIndex(of: "Kelengkapan"))
        let actors = Array(names[2..<kelengkapan])
        let rows = lines[(header + 2)...].filter { !$0.isEmpty }.map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        return Seed(actors: actors, rows: rows)
    }

    /// The LAKIP CSV as sopc builds it from `definitions/`, parsed.
    static func builtCSV() throws -> [[String]] {
        let result = try Checker.check(directory: Paths.definitions.path, displayPrefix: "definitions")
        #expect(result.errorCount == 0)
        let plan = OutputPlan(result.lowered!)
        let csv = try #require(plan.files.first { $0.path == "lakip/lakip.csv" })
        return try CSVReader.parse(String(decoding: csv.bytes, as: UTF8.self))
    }

    /// ../shared/DOMAIN.md "The seed SOP: who does what": the actor whose column holds each row's symbol.
    static let assignedActor = [
        "Ka Biro", "Kasubag TU", "Kasubag TU", "Kasubag TU", "Ka Biro", "Pelaksana", "Pelaksana", "Pelaksana",
        "Kabag", "Ka Biro", "Ka Biro", "Arsiparis", "Pelaksana", "Arsiparis",
    ]

    @Test func lakipCSVIsTheSeedTable() throws {
        let seed = try Self.readSeed()
        let csv = try Self.builtCSV()
        #expect(seed.actors == ["Ka Biro", "Kasubag TU", "Kabag", "Pelaksana", "Arsiparis"])
        #expect(seed.rows.count == 14)
        #expect(csv.first == ["No", "Kegiatan"] + seed.actors + ["Kelengkapan", "Waktu", "Output", "Ket"])
        let rows = Array(csv.dropFirst())
        try #require(rows.count == seed.rows.count, "one CSV row per seed row")
        let a = seed.actors.count
        for (i, (built, given)) in zip(rows, seed.rows).enumerated() {
            try #require(built.count == 2 + a + 4 && given.count == 2 + a + 4, "row \(i + 1) has the table's columns")
            // No: the seed writes "1." on the first row; the number is what counts.
            #expect(Int(built[0]) == i + 1)
            #expect(Int(given[0].hasSuffix(".") ? String(given[0].dropLast()) : given[0]) == i + 1)
            #expect(built[1] == given[1], "Kegiatan of row \(i + 1)")
            // Kelengkapan, Waktu, Output: verbatim.
            for (k, column) in ["Kelengkapan", "Waktu", "Output"].enumerated() {
                #expect(built[2 + a + k] == given[2 + a + k], "\(column) of row \(i + 1)")
            }
            // Ket: verbatim, except rows 12 and 13, where lakip.sop.yaml documents that sopc prints the called
            // SOP's proper name and the seed's text differs from it in capitalisation only ("SOP alur surat
            // masuk dan keluar", "… Aset Dan Habis"). Those two must still differ in nothing else.
            let ket = (built[2 + a + 3], given[2 + a + 3])
            if i + 1 == 12 || i + 1 == 13 {
                #expect(ket.0.lowercased() == ket.1.lowercased(), "Ket of row \(i + 1): \(ket)")
                #expect(!ket.0.isEmpty)
            } else {
                #expect(ket.0 == ket.1, "Ket of row \(i + 1)")
            }
            // The seed lost its symbols: every actor cell there is empty. Here the symbol stands in the assigned
            // actor's column and nowhere else.
            #expect(given[2..<(2 + a)].allSatisfy { $0.isEmpty })
            let symbol = i == 0 ? "mulai" : i == 13 ? "selesai" : i == 9 ? "keputusan" : "proses"
            let column = try #require(seed.actors.firstIndex(of: Self.assignedActor[i]))
            for c in 0..<a {
                #expect(built[2 + c] == (c == column ? symbol : ""), "row \(i + 1), column \(seed.actors[c])")
            }
        }
    }
}

/// A strict RFC 4180 reader for the tests: CRLF record ends, quoted fields with doubled quotes; anything
/// else (a bare quote inside a field, an LF record end, a missing final CRLF) is an error.
enum CSVReader {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> [[String]] {
        let s = Array(text.unicodeScalars)
        var records: [[String]] = []
        var record: [String] = []
        var i = 0
        while i < s.count {
            var field = String.UnicodeScalarView()
            if s[i] == "\"" {
                i += 1
                while true {
                    guard i < s.count else { throw Malformed(description: "unterminated quoted field") }
                    if s[i] == "\"" {
                        if i + 1 < s.count, s[i + 1] == "\"" {
                            field.append("\"")
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    field.append(s[i])
                    i += 1
                }
            } else {
                while i < s.count, s[i] != ",", s[i] != "\r", s[i] != "\n" {
                    if s[i] == "\"" { throw Malformed(description: "a quote inside an unquoted field") }
                    field.append(s[i])
                    i += 1
                }
            }
            record.append(String(field))
            guard i < s.count else { throw Malformed(description: "the last record does not end with CRLF") }
            if s[i] == "," {
                i += 1
            } else if s[i] == "\r", i + 1 < s.count, s[i + 1] == "\n" {
                records.append(record)
                record = []
                i += 2
            } else {
                throw Malformed(description: "a record that does not end with CRLF")
            }
        }
        return records
    }
}
