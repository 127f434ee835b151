"""Writes the Word documents ImportTests reads: SOP forms as an agency builds them in Word, with python-docx,
plus the DrawingML shapes Word writes for flowchart symbols (wps:wsp with a preset geometry, anchored in the
actor's cell, and the VML fallback Word adds for older readers).

usage: python3 make_docx.py OUT.docx buku|single|notable|nokegiatan
"""
import sys

from docx import Document
from docx.oxml import parse_xml

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)
VML = {"flowChartTerminator": "116", "flowChartProcess": "109", "flowChartDecision": "110", "rect": "1", "bentConnector3": "34"}
shape_id = [100]


def shape_run(preset, text=""):
    """A run holding one shape as Word 2010+ writes it: mc:AlternateContent with the wps shape and a VML fallback."""
    shape_id[0] += 1
    n = shape_id[0]
    txbx = ""
    if text:
        txbx = f'<wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
    spt = VML.get(preset, "1")
    xml = f'''<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="{n}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>60000</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>30000</wp:posOffset></wp:positionV><wp:extent cx="540000" cy="300000"/>
<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="{n}" name="Shape {n}"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr/>
<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="540000" cy="300000"/></a:xfrm><a:prstGeom prst="{preset}"><a:avLst/></a:prstGeom></wps:spPr>
{txbx}<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape id="s{n}" type="#_x0000_t{spt}" o:spt="{spt}" style="width:42pt;height:24pt"/></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>'''
    return parse_xml(xml)


VML_ONLY = [False]


def vml_run(preset, text=""):
    """A run holding one shape as Word 2003-2007 wrote it: VML only (a rounded rectangle for a capsule)."""
    shape_id[0] += 1
    box = f'<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox>' if text else ""
    if preset == "flowChartTerminator":
        shape = f'<v:roundrect id="r{shape_id[0]}" style="width:42pt;height:24pt" arcsize="0.5">{box}</v:roundrect>'
    else:
        spt = VML.get(preset, "1")
        shape = f'<v:shape id="s{shape_id[0]}" type="#_x0000_t{spt}" o:spt="{spt}" style="width:42pt;height:24pt">{box}</v:shape>'
    return parse_xml(f'<w:r {NS}><w:pict>{shape}</w:pict></w:r>')


def put_shape(cell, preset, text=""):
    cell.paragraphs[0]._p.append(vml_run(preset, text) if VML_ONLY[0] else shape_run(preset, text))


def identity(doc, number, created, effective, name):
    t = doc.add_table(rows=7, cols=4)
    t.style = "Table Grid"
    left = t.cell(0, 0).merge(t.cell(5, 0))
    left.text = "PEMERINTAH PROVINSI CONTOH\nSEKRETARIAT DAERAH\nBIRO UMUM"
    rows = [
        ("Nomor SOP", number), ("Tanggal Pembuatan", created), ("Tanggal Revisi", "-"), ("Tanggal Efektif", effective),
        ("Disahkan oleh", "Kepala Biro Umum\n\n\nDrs. Ahmad Fauzi, M.Si.\nNIP. 19700512 199503 1 002"), ("Nama SOP", name),
    ]
    for r, (label, value) in enumerate(rows):
        t.cell(r, 1).text = label
        t.cell(r, 2).text = ":"
        t.cell(r, 3).text = value
    # The lists: label and items in one cell, over two columns each.
    legal = t.cell(6, 0).merge(t.cell(6, 1))
    legal.text = "DASAR HUKUM:\n1. Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan\n2. Permenpan RB Nomor 35 Tahun 2012"
    qual = t.cell(6, 2).merge(t.cell(6, 3))
    qual.text = "KUALIFIKASI PELAKSANA:\n1. Memahami tata naskah dinas"
    t2 = doc.add_table(rows=2, cols=2)
    t2.cell(0, 0).text = "PERALATAN/PERLENGKAPAN:"
    t2.cell(1, 0).text = "1. Komputer\n2. Alat tulis kantor"
    t2.cell(0, 1).text = "PERINGATAN:"
    t2.cell(1, 1).text = "Surat harus dijawab paling lambat 3 hari kerja"


ACTORS = ["Ka Biro", "Kasubag TU", "Pelaksana"]


def flowchart(doc, rows, split=None):
    """rows: (kegiatan, actor index, preset, shape text, kelengkapan, waktu, output, ket). With `split`, the
    rows from that one on are in a second table with the same header, as a table broken across pages."""
    if split is not None:
        flowchart(doc, rows[:split])
        doc.add_page_break()
        t = flowchart(doc, rows[split:])
        for r in range(len(rows) - split):
            t.cell(2 + r, 0).text = f"{split + r + 1}."
        return t
    cols = 2 + len(ACTORS) + 4
    t = doc.add_table(rows=2 + len(rows), cols=cols)
    t.style = "Table Grid"
    t.cell(0, 0).merge(t.cell(1, 0)).text = "No"
    t.cell(0, 1).merge(t.cell(1, 1)).text = "Kegiatan"
    t.cell(0, 2).merge(t.cell(0, 1 + len(ACTORS))).text = "Pelaksana"
    a = 2 + len(ACTORS)
    t.cell(0, a).merge(t.cell(0, a + 2)).text = "Mutu Baku"
    t.cell(0, a + 3).merge(t.cell(1, a + 3)).text = "Ket"
    for i, name in enumerate(ACTORS):
        t.cell(1, 2 + i).text = name
    for i, name in enumerate(["Kelengkapan", "Waktu", "Output"]):
        t.cell(1, a + i).text = name
    for r, (kegiatan, actor, preset, text, kel, waktu, output, ket) in enumerate(rows):
        row = 2 + r
        t.cell(row, 0).text = f"{r + 1}."
        t.cell(row, 1).text = kegiatan
        put_shape(t.cell(row, 2 + actor), preset, text)
        if r > 0:
            # An arrow between symbols: a connector shape, which says nothing about the step.
            put_shape(t.cell(row, 2 + actor), "bentConnector3")
        t.cell(row, a).text = kel
        t.cell(row, a + 1).text = waktu
        t.cell(row, a + 2).text = output
        t.cell(row, a + 3).text = ket
    return t


def main():
    out, kind = sys.argv[1], sys.argv[2]
    VML_ONLY[0] = kind == "vml"
    doc = Document()
    if kind == "notable":
        doc.add_paragraph("PROSEDUR (SOP) TANPA TABEL")
        doc.add_paragraph("Dokumen ini hanya berisi teks.")
    elif kind == "nokegiatan":
        t = doc.add_table(rows=2, cols=3)
        t.cell(0, 0).text = "No"
        t.cell(0, 1).text = "Uraian"
        t.cell(0, 2).text = "Waktu"
        t.cell(1, 0).text = "1"
    else:
        identity(doc, "800/001/SOP-Umum/2024", "2 Januari 2024", "15 Januari 2024", "Penanganan Surat Masuk")
        doc.add_paragraph("")
        flowchart(doc, [
            ("Menerima surat masuk", 2, "flowChartTerminator", "", "Surat masuk", "5 menit", "Surat masuk", ""),
            ("Mencatat surat dalam buku agenda", 1, "flowChartProcess", "", "Surat masuk, Buku agenda", "10 menit", "Lembar disposisi", ""),
            ("Memeriksa dan memberi disposisi", 0, "flowChartDecision", "Perlu rapat?", "Lembar disposisi", "15 menit", "Disposisi", ""),
            ("Membahas surat dalam rapat", 0, "flowChartProcess", "", "Disposisi", "2 jam", "Notulen", "SOP Rapat Dinas"),
            ("Mengarsipkan surat", 2, "flowChartTerminator", "", "Surat masuk", "5 menit", "Arsip surat", ""),
        ])
        if kind == "buku":
            doc.add_page_break()
            doc.add_paragraph("PROSEDUR (SOP) RAPAT DINAS")
            identity(doc, "800/002/SOP-Umum/2024", "3 Februari 2024", "1 Maret 2024", "Rapat Dinas")
            flowchart(doc, [
                ("Menyiapkan undangan rapat", 1, "flowChartTerminator", "", "Disposisi", "30 menit", "Undangan rapat", ""),
                ("Memimpin rapat", 0, "flowChartProcess", "", "Undangan rapat", "2 jam", "Notulen", ""),
                ("Menyusun notulen", 2, "flowChartTerminator", "", "Notulen", "1 jam", "Notulen", ""),
            ], split=2)
    doc.save(out)


main()
