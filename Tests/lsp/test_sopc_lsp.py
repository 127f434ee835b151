"""`sopc lsp` driven by pytest-lsp (pygls' client) through each capability, on a copy of definitions/.

Run by LSPClientTests (`swift test`), or by hand: SOPC_BIN=.build/debug/sopc python3 -m pytest Tests/lsp -q
The server's capabilities as this client saw them are written to $SOPC_LSP_CAPABILITIES when it is set.
"""
import asyncio
import json
import re
import os
import pathlib
import shutil
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

REPO = pathlib.Path(__file__).resolve().parents[2]
SOPC = os.environ.get("SOPC_BIN", str(REPO / ".build/debug/sopc"))
ROOT = pathlib.Path(os.environ.get("SOPC_LSP_WORK", "/tmp")) / f"sopc-lsp-{os.getpid()}"


def fresh_copy():
    if ROOT.exists():
        shutil.rmtree(ROOT)
    shutil.copytree(REPO / "definitions", ROOT / "definitions")
    return ROOT / "definitions"


def uri(path):
    return path.as_uri()


def capabilities(encodings=None):
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        text_document=types.TextDocumentClientCapabilities(
            completion=types.CompletionClientCapabilities(),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True),
            rename=types.RenameClientCapabilities(prepare_support=True),
            document_symbol=types.DocumentSymbolClientCapabilities(hierarchical_document_symbol_support=True),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=[types.CodeActionKind.QuickFix])))),
        workspace=types.WorkspaceClientCapabilities(workspace_edit=types.WorkspaceEditClientCapabilities()),
    )


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[SOPC, "lsp", "--lang", "en"]))
async def client(lsp_client: LanguageClient):
    defs = fresh_copy()
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities(), root_uri=uri(defs.parent)))
    lsp_client.server_capabilities_seen = result.capabilities
    out = os.environ.get("SOPC_LSP_CAPABILITIES")
    if out:
        pathlib.Path(out).write_text(json.dumps(lsp_client.protocol._converter.unstructure(result.capabilities), indent=1))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[SOPC, "lsp", "--lang", "id"]))
async def utf8_client(lsp_client: LanguageClient):
    defs = fresh_copy()
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities(["utf-8", "utf-16"]), root_uri=uri(defs.parent)))
    assert result.capabilities.position_encoding == "utf-8"
    yield
    await lsp_client.shutdown_session()


def open_doc(client, path, text=None):
    text = path.read_text(encoding="utf-8") if text is None else text
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri(path), language_id="yaml", version=1, text=text)))
    return text


def change(client, path, text, version=2):
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri(path), version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def diagnostics_for(client, path, predicate, timeout=30.0):
    """Waits until the diagnostics published for `path` satisfy `predicate`. Polled: waiting for the next
    publishDiagnostics missed one that arrived while the wait was being set up (the wait registers only once
    its task first runs), and then hung for want of another."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = client.diagnostics.get(uri(path))
        if found is not None and predicate(found):
            return found
        # A hang is a failure: nothing that satisfies `predicate` within `timeout` seconds.
        if loop.time() > deadline:
            raise AssertionError(f"diagnostics of {path.name}: {found}")
        await asyncio.sleep(0.01)


def position_of(text, needle, occurrence=0, offset=0):
    """The UTF-16 LSP position of the n-th `needle` in `text`."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1) + offset
    before = text.splitlines()[line][:column]
    return types.Position(line=line, character=len(before.encode("utf-16-le")) // 2)


@pytest.mark.asyncio
async def test_capabilities(client: LanguageClient):
    caps = client.server_capabilities_seen
    assert caps.hover_provider and caps.definition_provider and caps.references_provider
    assert caps.document_symbol_provider and caps.rename_provider and caps.completion_provider
    assert caps.code_action_provider
    assert caps.position_encoding == "utf-16"


@pytest.mark.asyncio
async def test_diagnostics_from_unsaved_text_and_quick_fix(client: LanguageClient):
    path = ROOT / "definitions/lakip.sop.yaml"
    text = path.read_text(encoding="utf-8").replace("actor: kabiro", "actor: kabir", 1)
    open_doc(client, path, text)
    found = await diagnostics_for(client, path, lambda ds: any(d.code == "unknown-actor" for d in ds))
    d = next(d for d in found if d.code == "unknown-actor")
    assert d.range.start == position_of(text, "kabir\n")
    assert d.severity == types.DiagnosticSeverity.Error and d.source == "sopc"
    assert "did you mean 'kabiro'" in d.message
    assert d.related_information and d.related_information[0].location.uri.endswith("sopc.yaml") is False
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), range=d.range,
        context=types.CodeActionContext(diagnostics=[d])))
    fix = next(a for a in actions if a.kind == types.CodeActionKind.QuickFix)
    edit = fix.edit.changes[uri(path)][0]
    assert edit.new_text == "kabiro" and edit.range == d.range
    # Saved text has no such error: closing the file falls back to disk.
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri(path))))
    await diagnostics_for(client, path, lambda ds: not any(d.code == "unknown-actor" for d in ds))


@pytest.mark.asyncio
async def test_project_change_republishes_dependents(client: LanguageClient):
    project = ROOT / "definitions/sopc.yaml"
    lakip = ROOT / "definitions/lakip.sop.yaml"
    open_doc(client, lakip)
    text = open_doc(client, project)
    await diagnostics_for(client, lakip, lambda ds: ds == [] or all(d.severity != 1 for d in ds))
    # Renaming the role in the unsaved sopc.yaml makes every SOP that uses it wrong.
    change(client, project, text.replace("  kabiro:", "  kepala-biro:", 1))
    found = await diagnostics_for(client, lakip, lambda ds: any(d.code == "unknown-actor" for d in ds))
    assert any("kabiro" in d.message for d in found)
    rapat = ROOT / "definitions/rapat.sop.yaml"
    await diagnostics_for(client, rapat, lambda ds: any(d.code == "unknown-actor" for d in ds))


@pytest.mark.asyncio
async def test_called_sop_change_republishes_caller(client: LanguageClient):
    lakip = ROOT / "definitions/lakip.sop.yaml"
    rapat = ROOT / "definitions/rapat.sop.yaml"
    open_doc(client, lakip)
    text = open_doc(client, rapat)
    # rapat calls lakip back: the cycle is reported on lakip's `call: rapat` (the group's first SOP).
    change(client, rapat, text.replace("    actor: kabiro\n", "    actor: kabiro\n    call: lakip\n", 1))
    found = await diagnostics_for(client, lakip, lambda ds: any(d.code == "call-cycle" for d in ds))
    assert any("rapat" in d.message for d in found if d.code == "call-cycle")


NON_ASCII_STEP = "  - { id: cek, activity: \"Périksa draf ✓ 😀 — ok\", actor: kabir, time: 5 menit, next: end }\n"


@pytest.mark.asyncio
async def test_positions_utf16_on_non_ascii_line(client: LanguageClient):
    path = ROOT / "definitions/surat.sop.yaml"
    text = open_doc(client, path, path.read_text(encoding="utf-8") + NON_ASCII_STEP)
    found = await diagnostics_for(client, path, lambda ds: any(d.code == "unknown-actor" for d in ds))
    d = next(d for d in found if d.code == "unknown-actor")
    assert d.range.start == position_of(text, "kabir,")
    assert d.range.end.character - d.range.start.character == 5


@pytest.mark.asyncio
async def test_positions_utf8_and_indonesian(utf8_client: LanguageClient):
    path = ROOT / "definitions/surat.sop.yaml"
    text = open_doc(utf8_client, path, path.read_text(encoding="utf-8") + NON_ASCII_STEP)
    found = await diagnostics_for(utf8_client, path, lambda ds: any(d.code == "unknown-actor" for d in ds))
    d = next(d for d in found if d.code == "unknown-actor")
    line = text.splitlines()[d.range.start.line]
    assert d.range.start.character == line.encode("utf-8").index(b"kabir,")


@pytest.mark.asyncio
async def test_completion(client: LanguageClient):
    path = ROOT / "definitions/lakip.sop.yaml"
    text = open_doc(client, path)
    await diagnostics_for(client, path, lambda ds: True)

    async def complete(position):
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)), position=position))
        items = result.items if hasattr(result, "items") else result
        return {i.label: i for i in items}

    roles = await complete(position_of(text, "actor: kabiro", offset=len("actor: ")))
    assert roles["kasubag-tu"].detail == "Kasubag TU" and "kabiro" in roles
    artefacts = await complete(position_of(text, "needs: [format-lakip]", offset=len("needs: [")))
    assert artefacts["draf-lakip"].detail == "Draf LAKIP"
    # Units after a number in time:, on an edited line.
    edited = text.replace("time: 30 menit", "time: 30 ", 1)
    change(client, path, edited)
    units = await complete(position_of(edited, "time: 30 ", offset=len("time: 30 ")))
    assert {"menit", "jam", "hari"} <= set(units)
    # Step keys on a new line of a step; step ids and `end` after next:.
    edited2 = text.replace("    makes: [format-lakip]\n", "    makes: [format-lakip]\n    ne\n", 1)
    change(client, path, edited2, version=3)
    keys = await complete(position_of(edited2, "    ne\n", offset=6))
    assert {"next", "needs", "decision"} <= set(keys) and "sop" not in keys
    edited3 = text.replace("    makes: [format-lakip]\n", "    makes: [format-lakip]\n    next: \n", 1)
    change(client, path, edited3, version=4)
    steps = await complete(position_of(edited3, "    next: \n", offset=10))
    assert {"end", "perintah", "format"} <= set(steps)
    top = await complete(types.Position(line=len(text.splitlines()), character=0))
    assert {"sop", "steps", "deadline"} <= set(top)
    # Equipment after needs:, with its name; the other SOPs with their names after call:.
    assert artefacts["komputer"].detail == "Komputer"
    sops = await complete(position_of(edited3, "call: rapat", offset=len("call: ")))
    assert {"rapat", "surat", "barang"} <= set(sops) and "lakip" not in sops
    assert sops["rapat"].detail and sops["rapat"].detail != "rapat"


@pytest.mark.asyncio
async def test_hover(client: LanguageClient):
    path = ROOT / "definitions/lakip.sop.yaml"
    text = open_doc(client, path, path.read_text(encoding="utf-8").replace("inputs: []", "inputs: []\ndeadline: 10 hari", 1))
    await diagnostics_for(client, path, lambda ds: True)

    async def hover(position):
        h = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)), position=position))
        return h.contents.value if h else None

    artefact = await hover(position_of(text, "needs: [format-lakip]", offset=len("needs: [") + 2))
    assert "Format Penyusunan LAKIP" in artefact and "Made" in artefact and "Needed" in artefact
    role = await hover(position_of(text, "actor: kabiro", offset=len("actor: ") + 1))
    assert "Ka Biro" in role and "sopc.yaml" in role
    duration = await hover(position_of(text, "time: 1 Jam", offset=7))
    assert "1 jam" in duration
    deadline = await hover(position_of(text, "deadline: 10 hari", offset=11))
    assert "10 hari" in deadline and "main path" in deadline


@pytest.mark.asyncio
async def test_definition_and_references(client: LanguageClient):
    path = ROOT / "definitions/lakip.sop.yaml"
    text = open_doc(client, path)
    await diagnostics_for(client, path, lambda ds: True)
    where = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)),
        position=position_of(text, "needs: [format-lakip]", offset=len("needs: ["))))
    assert len(where) == 1 and where[0].range.start == position_of(text, "format-lakip: Format")
    called = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)),
        position=position_of(text, "call: rapat", offset=len("call: "))))
    assert called[0].uri.endswith("rapat.sop.yaml")
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)),
        position=position_of(text, "actor: kabiro", offset=len("actor: ")),
        context=types.ReferenceContext(include_declaration=True)))
    files = {r.uri.rsplit("/", 1)[1] for r in refs}
    assert {"sopc.yaml", "lakip.sop.yaml", "rapat.sop.yaml"} <= files


@pytest.mark.asyncio
async def test_rename_step_and_sop(client: LanguageClient):
    path = ROOT / "definitions/lakip.sop.yaml"
    text = open_doc(client, path)
    await diagnostics_for(client, path, lambda ds: True)
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=position_of(text, "id: format\n", offset=4)))
    assert prepared.placeholder == "format"
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=position_of(text, "id: format\n", offset=4),
        new_name="susun-format"))
    edits = edit.changes[uri(path)]
    assert len(edits) >= 1 and all(e.new_text == "susun-format" for e in edits)
    # The SOP id: the caller's `call:` changes too, and the client is told to rename the file.
    rapat = ROOT / "definitions/rapat.sop.yaml"
    rtext = rapat.read_text(encoding="utf-8")
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=position_of(text, "call: rapat", offset=6),
        new_name="rapat-koordinasi"))
    assert uri(path) in edit.changes and uri(rapat) in edit.changes
    assert edit.changes[uri(rapat)][0].range.start == position_of(rtext, "sop: rapat", offset=5)
    # The message comes right after the response: poll for it (up to 30 s).
    for _ in range(600):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    assert any("rapat-koordinasi.sop.yaml" in m.message for m in client.messages)
    with pytest.raises(Exception):
        await client.text_document_rename_async(types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)), position=position_of(text, "id: format\n", offset=4),
            new_name="Bad Name"))


@pytest.mark.asyncio
async def test_rename_role_and_artefact_across_files(client: LanguageClient):
    defs = ROOT / "definitions"
    path = defs / "lakip.sop.yaml"
    text = open_doc(client, path)
    await diagnostics_for(client, path, lambda ds: True)

    async def rename(needle, offset, new_name):
        edit = await client.text_document_rename_async(types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)), position=position_of(text, needle, offset=offset),
            new_name=new_name))
        return edit.changes

    def written(name, old):
        """How many times `old` is written as a whole id in a file of the copy, comments left out."""
        lines = [line.split("#")[0] for line in (defs / name).read_text(encoding="utf-8").splitlines()]
        return sum(len(re.findall(rf"(?<![\w-]){re.escape(old)}(?![\w-])", line)) for line in lines)

    # A role: its declaration in sopc.yaml and every actor of every SOP.
    changes = await rename("actor: kabiro", len("actor: "), "kepala-biro")
    assert {uri(defs / n) for n in ["sopc.yaml", "lakip.sop.yaml", "rapat.sop.yaml", "surat.sop.yaml"]} <= set(changes)
    for name in ["sopc.yaml", "lakip.sop.yaml", "rapat.sop.yaml", "surat.sop.yaml", "barang.sop.yaml"]:
        edits = changes.get(uri(defs / name), [])
        assert all(e.new_text == "kepala-biro" for e in edits)
        assert len(edits) == written(name, "kabiro"), name
    # A project document: sopc.yaml and the SOPs that make or need it.
    changes = await rename("needs: [disposisi-surat]", len("needs: ["), "disposisi")
    assert {uri(defs / n) for n in ["sopc.yaml", "lakip.sop.yaml", "rapat.sop.yaml", "surat.sop.yaml"]} <= set(changes)
    for name in ["sopc.yaml", "lakip.sop.yaml", "rapat.sop.yaml", "surat.sop.yaml"]:
        assert len(changes[uri(defs / name)]) == written(name, "disposisi-surat"), name


@pytest.mark.asyncio
async def test_document_symbols(client: LanguageClient):
    path = ROOT / "definitions/lakip.sop.yaml"
    open_doc(client, path)
    await diagnostics_for(client, path, lambda ds: True)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path))))
    names = [s.name for s in symbols]
    assert names[:2] == ["perintah", "format"]
    decisions = [s for s in symbols if s.kind == types.SymbolKind.Enum]
    assert decisions and all(s.detail.startswith("◇") for s in decisions)
