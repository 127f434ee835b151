#!/usr/bin/env python3
"""Generates the printed form's font (Sources/SOPFont/) from Liberation Sans 2 (Debian: fonts-liberation2).

    python3 scripts/font/gen.py [FONTDIR]      # FONTDIR defaults to /usr/share/fonts/truetype/liberation2

Writes, all committed:
- Sources/SOPFont/LiberationSansMetrics.swift: every code point the fonts map (cmap), with its advance
  width in font units, for the regular and the bold weight; the form's layout measures with these, and
  `unprintable-text` reads the coverage from them;
- Sources/SOPFont/LiberationSansData.swift: the two TTF files, unmodified, as base64 text (the OFL lets
  them be embedded and redistributed unmodified under their own name);
- Sources/SOPFont/LICENSE-LiberationSans.txt: the SIL Open Font License 1.1 with the fonts' copyright.

Needs fontTools (pip install fonttools). The output is deterministic: the same fonts give the same files.
"""
import base64
import os
import sys

from fontTools.ttLib import TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Sources", "SOPFont")
FONTDIR = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2"
FACES = [("regular", "LiberationSans-Regular.ttf"), ("bold", "LiberationSans-Bold.ttf")]

OFL = """Digitized data copyright (c) 2010 Google Corporation
\twith Reserved Font Arimo, Tinos and Cousine.
Copyright (c) 2012 Red Hat, Inc.
\twith Reserved Font Name Liberation.

This Font Software is licensed under the SIL Open Font License, Version 1.1.
This license is copied below, and is also available with a FAQ at:
http://scripts.sil.org/OFL

-----------------------------------------------------------
SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007
-----------------------------------------------------------

PREAMBLE
The goals of the Open Font License (OFL) are to stimulate worldwide
development of collaborative font projects, to support the font creation
efforts of academic and linguistic communities, and to provide a free and
open framework in which fonts may be shared and improved in partnership
with others.

The OFL allows the licensed fonts to be used, studied, modified and
redistributed freely as long as they are not sold by themselves. The
fonts, including any derivative works, can be bundled, embedded,
redistributed and/or sold with any software provided that any reserved
names are not used by derivative works. The fonts and derivatives,
however, cannot be released under any other type of license. The
requirement for fonts to remain under this license does not apply
to any document created using the fonts or their derivatives.

DEFINITIONS
"Font Software" refers to the set of files released by the Copyright
Holder(s) under this license and clearly marked as such. This may
include source files, build scripts and documentation.

"Reserved Font Name" refers to any names specified as such after the
copyright statement(s).

"Original Version" refers to the collection of Font Software components as
distributed by the Copyright Holder(s).

"Modified Version" refers to any derivative made by adding to, deleting,
or substituting -- in part or in whole -- any of the components of the
Original Version, by changing formats or by porting the Font Software to a
new environment.

"Author" refers to any designer, engineer, programmer, technical
writer or other person who contributed to the Font Software.

PERMISSION & CONDITIONS
Permission is hereby granted, free of charge, to any person obtaining
a copy of the Font Software, to use, study, copy, merge, embed, modify,
redistribute, and sell modified and unmodified copies of the Font
Software, subject to the following conditions:

1) Neither the Font Software nor any of its individual components,
in Original or Modified Versions, may be sold by itself.

2) Original or Modified Versions of the Font Software may be bundled,
redistributed and/or sold with any software, provided that each copy
contains the above copyright notice and this license. These can be
included either as stand-alone text files, human-readable headers or
in the appropriate machine-readable metadata fields within text or
binary files as long as those fields can be easily viewed by the user.

3) No Modified Version of the Font Software may use the Reserved Font
Name(s) unless explicit written permission is granted by the corresponding
Copyright Holder. This restriction only applies to the primary font name as
presented to the users.

4) The name(s) of the Copyright Holder(s) and the Author(s) of the Font
Software shall not be used to promote, endorse or advertise any
Modified Version, except to acknowledge the contribution(s) of the
Copyright Holder(s) and the Author(s) or with their explicit written
permission.

5) The Font Software, modified or unmodified, in part or in whole,
must be distributed entirely under this license, and must not be
distributed under any other license. The requirement for fonts to
remain under this license does not apply to any document created
using the Font Software.

TERMINATION
This license becomes null and void if any of the above conditions are
not met.

DISCLAIMER
THE FONT SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT
OF COPYRIGHT, PATENT, TRADEMARK, OR OTHER RIGHT. IN NO EVENT SHALL THE
COPYRIGHT HOLDER BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
INCLUDING ANY GENERAL, SPECIAL, INDIRECT, INCIDENTAL, OR CONSEQUENTIAL
DAMAGES, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
FROM, OUT OF THE USE OR INABILITY TO USE THE FONT SOFTWARE OR FROM
OTHER DEALINGS IN THE FONT SOFTWARE.
"""


def metrics(path):
    font = TTFont(path)
    upem = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    cmap = font.getBestCmap()
    # Control characters map to nothing printable even when the font lists them.
    widths = {cp: hmtx[g][0] for cp, g in cmap.items() if cp >= 0x20 and not (0x7F <= cp < 0xA0)}
    return upem, widths


def swift_array(values, per_line=16):
    lines = []
    for i in range(0, len(values), per_line):
        lines.append("        " + ", ".join(str(v) for v in values[i : i + per_line]) + ",")
    return "\n".join(lines)


def main():
    os.makedirs(OUT, exist_ok=True)
    faces = {name: metrics(os.path.join(FONTDIR, file)) for name, file in FACES}
    upem = faces["regular"][0]
    assert all(u == upem for u, _ in faces.values())
    regular = faces["regular"][1]
    bold = faces["bold"][1]
    points = sorted(set(regular) & set(bold))
    out = [
        "// swift-format-ignore-file",
        "// Generated by scripts/font/gen.py from Liberation Sans 2 (Regular, Bold); do not edit.",
        "// The fonts are under the SIL Open Font License 1.1 (LICENSE-LiberationSans.txt).",
        "",
        "extension FormFont {",
        f"    /// Font units per em.",
        f"    public static let unitsPerEm = {upem}",
        "",
        f"    /// Every code point both weights map, ascending ({len(points)}).",
        "    static let codePoints: [UInt32] = [",
        swift_array(points),
        "    ]",
        "",
        "    /// The regular weight's advance width of each of ``codePoints``, in font units.",
        "    static let regularAdvances: [UInt16] = [",
        swift_array([regular[p] for p in points]),
        "    ]",
        "",
        "    /// The bold weight's advance width of each of ``codePoints``, in font units.",
        "    static let boldAdvances: [UInt16] = [",
        swift_array([bold[p] for p in points]),
        "    ]",
        "}",
        "",
    ]
    with open(os.path.join(OUT, "LiberationSansMetrics.swift"), "w", newline="\n") as f:
        f.write("\n".join(out))

    data = [
        "// swift-format-ignore-file",
        "// Generated by scripts/font/gen.py: the Liberation Sans 2 TTF files, unmodified, as base64, and their",
        "// licence; do not edit.",
        "// The fonts are under the SIL Open Font License 1.1 (LICENSE-LiberationSans.txt).",
        "",
        "extension FormFont {",
    ]
    for name, file in FACES:
        with open(os.path.join(FONTDIR, file), "rb") as f:
            b64 = base64.b64encode(f.read()).decode("ascii")
        data += [
            f"    /// `{file}`, base64.",
            f'    static let {name}Base64 = "{b64}"',
            "",
        ]
    data += [
        "    /// The fonts' copyright and licence (SIL Open Font License 1.1), written beside them in OUT.",
        '    public static let licence = """',
        *[("        " + l if l else "") for l in OFL.rstrip("\n").split("\n")],
        '        """',
        "}",
    ]
    data.append("")
    with open(os.path.join(OUT, "LiberationSansData.swift"), "w", newline="\n") as f:
        f.write("\n".join(data))

    with open(os.path.join(OUT, "LICENSE-LiberationSans.txt"), "w", newline="\n") as f:
        f.write(OFL)
    print(f"{len(points)} code points; {OUT}")


if __name__ == "__main__":
    main()
