import ArgumentParser

/// What `sopc --help` says of the commands that the program `sopc-tools` runs (``ToolCommands/names``): the
/// same configuration serves `sopc-tools`, where each command is, and `sopc`, which lists it and hands it over.
package enum ToolCommands {
    /// The commands `sopc` hands to `sopc-tools`: those that need Foundation, the HTTP server or the ZIP reader.
    /// `sopc` itself, which runs `check` and `build` many times a day, then starts without them (about 2 ms
    /// sooner: docs/BENCHMARKS.md, "Two programs").
    package static let names = ["import", "preview", "print", "lsp"]

    package static let importCommand = CommandConfiguration(
        commandName: "import",
        abstract: "Turn existing SOP tables (.docx, .txt/.tsv, .csv) into definitions.",
        discussion: """
            Each SOP found becomes DIR/<id>.sop.yaml; roles and shared documents join DIR/sopc.yaml (created when \
            missing). What a table does not say is marked '?', and 'sopc check' reports each marker (import-todo). \
            Existing SOP files are not replaced without --force; all files are written, or none. \
            Hostile text in a cell (a spreadsheet formula, HTML markup, control or bidi characters) is an error naming \
            the cell: the files are written, with that text exact and inert, and the exit status is 1. \
            Messages are in the language of --lang (or SOPC_LANG, else the locale). \
            Exit status 0: imported; 1: a file could not be imported (nothing written), or hostile text was found \
            (written as inert text); 2: usage or I/O problem.
            """
    )

    package static let lsp = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the Language Server Protocol server on standard input and output (docs/EDITORS.md).",
        discussion: """
            The editor starts it. Each document's definitions root is the nearest folder at or above it \
            holding sopc.yaml; the server checks the editor's unsaved text and publishes the diagnostics of \
            every affected file, and answers completion, hover, go to definition, references, rename, document \
            symbols and quick fixes.
            """
    )

    package static let preview = CommandConfiguration(
        commandName: "preview",
        abstract: "Serve the build of the definitions over HTTP, rebuilt whenever a file changes.",
        discussion: """
            Serves exactly what 'sopc build' would write (nothing is written to disk). Open pages reload \
            themselves after each change; while the definitions have errors, each page shows them above the \
            last good build. Runs until interrupted. Exit status 2: usage problem or the port cannot be used.
            """
    )

    package static let print = CommandConfiguration(
        commandName: "print",
        abstract: "Print the forms to PDF (A4 landscape) with headless Chromium.",
        discussion: """
            Writes PDFDIR/<id>.pdf for each SOP named (all when none is named), each atomically. Exit status \
            0: printed; 1: the definitions have errors (nothing printed); 2: usage or I/O problem, an unknown \
            SOP, or no Chromium found (PATH: chromium, chromium-browser, google-chrome; or SOPC_CHROMIUM).
            """
    )
}

/// The arguments of `sopc import`, declared once for `sopc-tools`, which runs the command, and for `sopc`,
/// whose help and shell completion list them.
package struct ImportOptions: ParsableArguments {
    @Argument(help: "The files to import.")
    package var files: [String]

    @Option(help: "The definitions folder to import into.")
    package var into: String = "definitions"

    @Flag(help: "Replace SOP files that exist already.")
    package var force = false

    @OptionGroup package var lang: LanguageOption

    package init() {}
}

/// The arguments of `sopc preview` (as ``ImportOptions``).
package struct PreviewOptions: ParsableArguments {
    @Argument(help: "The definitions folder.")
    package var directory: String = "definitions"

    @Option(help: "The TCP port to listen on (0: any free port).")
    package var port: Int = 8040

    @Option(help: "The address to listen on.")
    package var host: String = "127.0.0.1"

    @OptionGroup package var lang: LanguageOption

    package init() {}
}

/// The arguments of `sopc print` (as ``ImportOptions``).
package struct PrintOptions: ParsableArguments {
    @Argument(help: "The definitions folder.")
    package var directory: String = "definitions"

    @Option(help: ArgumentHelp("The folder the PDFs are written to.", valueName: "pdfdir"))
    package var out: String = "print"

    @Argument(help: "The SOPs to print (their ids); all when none is given.")
    package var sops: [String] = []

    @OptionGroup package var lang: LanguageOption

    package init() {}
}

/// The arguments of `sopc lsp` (as ``ImportOptions``).
package struct LSPOptions: ParsableArguments {
    @Option(name: .long, help: "The language of diagnostics: en or id (default: SOPC_LANG, then the locale, then en).")
    package var lang: String?

    package init() {}
}
