import SOPCompiler

/// The texts of `sopc preview` and `sopc print`, in each language, and the script injected into previewed pages.
public enum PreviewText {
    public static func serving(_ directory: String, url: String, _ language: Language) -> String {
        switch language {
        case .english: return "sopc: previewing '\(directory)' at \(url) (open it in a browser; Ctrl-C stops)"
        case .indonesian:
            return "sopc: pratinjau '\(directory)' tersedia di \(url) (buka di peramban; tekan Ctrl-C untuk berhenti)"
        }
    }

    public static func cannotListen(host: String, port: Int, _ error: String, _ language: Language) -> String {
        switch language {
        case .english: return "sopc: error: cannot listen on \(host) port \(port): \(error)"
        case .indonesian: return "sopc: error: tidak dapat menerima sambungan di \(host) port \(port): \(error)"
        }
    }

    public static func badPort(_ port: Int, _ language: Language) -> String {
        switch language {
        case .english: return "port \(port) is not a port number (0 to 65535)"
        case .indonesian: return "port \(port) bukan nomor port yang sah (0 sampai 65535)"
        }
    }

    public static func problemsTitle(lastGoodBuild: Bool, _ language: Language) -> String {
        switch (language, lastGoodBuild) {
        case (.english, true): return "The definitions have errors; the last good build is shown below."
        case (.english, false): return "The definitions have errors; there is no good build to show yet."
        case (.indonesian, true):
            return "Definisi masih mengandung kesalahan; di bawah ini ditampilkan hasil build terakhir yang berhasil."
        case (.indonesian, false):
            return "Definisi masih mengandung kesalahan; belum ada hasil build yang berhasil untuk ditampilkan."
        }
    }

    public static func noChromium(_ language: Language) -> String {
        switch language {
        case .english:
            return "sopc: error: no Chromium found to print with (looked for 'chromium', 'chromium-browser' and "
                + "'google-chrome' on PATH, and SOPC_CHROMIUM); install it with 'apt-get install chromium', or set "
                + "SOPC_CHROMIUM to the browser's path"
        case .indonesian:
            return "sopc: error: Chromium untuk mencetak tidak ditemukan (dicari 'chromium', 'chromium-browser', dan "
                + "'google-chrome' di PATH, serta SOPC_CHROMIUM); pasang dengan 'apt-get install chromium', atau isi "
                + "SOPC_CHROMIUM dengan path peramban tersebut"
        }
    }

    public static func unknownSOPs(_ names: [String], known: [String], _ language: Language) -> String {
        let asked = names.map { "'\($0)'" }.joined(separator: ", ")
        let list = known.isEmpty ? "-" : known.joined(separator: ", ")
        switch language {
        case .english: return "sopc: error: no SOP named \(asked); the SOPs are: \(list)"
        case .indonesian: return "sopc: error: tidak ada SOP bernama \(asked); SOP yang tersedia: \(list)"
        }
    }

    public static func nothingPrinted(_ language: Language) -> String {
        switch language {
        case .english: return "sopc: nothing was printed because the definitions have errors"
        case .indonesian: return "sopc: tidak ada yang dicetak karena definisi masih mengandung kesalahan"
        }
    }

    public static func printFailed(_ id: String, _ detail: String, _ language: Language) -> String {
        switch language {
        case .english: return "sopc: error: Chromium could not print '\(id)': \(detail)"
        case .indonesian: return "sopc: error: Chromium gagal mencetak '\(id)': \(detail)"
        }
    }

    public static func cannotWrite(_ path: String, _ detail: String, _ language: Language) -> String {
        switch language {
        case .english: return "sopc: error: cannot write '\(path)': \(detail)"
        case .indonesian: return "sopc: error: tidak dapat menulis '\(path)': \(detail)"
        }
    }

    public static func printed(_ count: Int, out: String, _ language: Language) -> String {
        switch language {
        case .english: return "sopc: printed \(count) SOP\(count == 1 ? "" : "s") into '\(out)'"
        case .indonesian: return "sopc: \(count) SOP selesai dicetak ke '\(out)'"
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// What each previewed HTML page gets before its `</body>`: the overlay with the problems (if any), and
    /// the script that reloads the page when the server announces another generation than its own.
    public static func pageScript(generation: Int, problems: String?, lastGoodBuild: Bool = true, _ language: Language) -> String
    {
        var html = ""
        if let problems {
            html +=
                "<div id=\"sopc-preview-problems\" role=\"alert\" style=\"position:fixed;left:0;right:0;top:0;"
                + "max-height:85vh;overflow:auto;z-index:2147483647;background:#fff4f2;color:#1a1a1a;"
                + "border-bottom:3px solid #b00020;padding:10px 14px;box-shadow:0 2px 8px rgba(0,0,0,.3);"
                + "font:14px/1.4 sans-serif\"><strong>" + escape(problemsTitle(lastGoodBuild: lastGoodBuild, language))
                + "</strong>"
                + "<pre style=\"margin:8px 0 0;font:13px/1.35 monospace;white-space:pre-wrap\">" + escape(problems)
                + "</pre></div><style>@media print{#sopc-preview-problems{display:none}}</style>"
        }
        html +=
            "<script>(function(){var g=\(generation);var s=new EventSource(\"\(PreviewServer.eventsPath)\");"
            + "s.addEventListener(\"build\",function(e){if(Number(e.data)!==g){s.close();location.reload();}});})();</script>"
        return html
    }
}
