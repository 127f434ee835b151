#!/usr/bin/env python3
"""Deterministic benchmark corpus for sopc.

    python3 bench/gen_corpus.py OUTDIR [--verify]
    python3 bench/gen_corpus.py OUTDIR --verify-only

writes three sopc projects (SPEC §1), each free of errors and warnings under SPEC §3:

    OUTDIR/many/    sopc.yaml + 10,000 SOPs of ~15 steps, 100 per folder (g000/ … g099/);
                    SOP i may call SOP j > i (so there are no call cycles)
    OUTDIR/big/     sopc.yaml + one SOP of 100,000 steps, a decision with a correction loop
                    every ~50 steps, artefacts rotating through a pool of 96
    OUTDIR/medium/  sopc.yaml + 100 SOPs of 1,000 steps in the same style as big/
    OUTDIR/shape-chain/, shape-loops/, shape-documents/
                    shapes that once cost time growing with the square of their size: 3,000 SOPs
                    each calling the next; one SOP of 20,000 decisions whose "Tidak" goes back to
                    the first step; one step needing and another making 20,000 documents
    OUTDIR/shape-unknown/
                    a shape whose errors once cost time growing with the square of its size:
                    3,000 SOPs each calling an SOP that is not in the folder (each a different
                    id, near the folder's own), every one reported with a "did you mean"
    OUTDIR/scale-1000/, scale-10000/, scale-100000/
                    sopc.yaml + one SOP of that many steps in the same style, every step with a
                    note, so that the largest (about 31 MiB) is near sopc's 32 MiB file limit
                    (the per-step times of check and build are compared across the three)

The output is byte-identical on every run: every random choice comes from random.Random
seeded with a constant, nothing is iterated in hash order, and nothing reads the clock.

--verify re-reads every file with PyYAML (BaseLoader: every scalar a string, as libyaml gives
it) and checks the SPEC §3 rules that matter for a clean corpus, including the data flow
(must-available artefacts and per-make-site liveness, iterated to a fixpoint over loops).
"""

import datetime
import os
import random
import re
import sys

SEED = 20240115
MANY_SOPS = 10_000
MANY_PER_FOLDER = 100
BIG_STEPS = 100_000
MEDIUM_SOPS = 100
MEDIUM_STEPS = 1_000
LOOP_EVERY = 50            # big/medium: about one decision per this many steps
ROTATING_POOL = 96         # big/medium: local artefacts reused in rotation

# ---------------------------------------------------------------------------------------------
# Vocabulary

ROLES = [  # id, name, title
    ("kabiro", "Ka Biro", "Kepala Biro Hubungan Masyarakat"),
    ("kabag", "Kabag", "Kepala Bagian Publikasi dan Dokumentasi"),
    ("kasubag-tu", "Kasubag TU", "Kepala Sub Bagian Tata Usaha"),
    ("analis", "Analis", "Analis Kebijakan Ahli Muda"),
    ("pelaksana", "Pelaksana", "Pelaksana pada Sub Bagian Tata Usaha"),
    ("arsiparis", "Arsiparis", "Arsiparis Pelaksana"),
]
ROLE_IDS = [r[0] for r in ROLES]

EQUIPMENT = [
    ("atk", "Alat tulis kantor"),
    ("komputer", "Komputer"),
    ("printer", "Printer"),
    ("ruang-rapat", "Ruang rapat"),
    ("proyektor", "Proyektor"),
    ("buku-agenda", "Buku agenda surat"),
    ("stempel", "Stempel dinas"),
    ("lembar-disposisi", "Lembar disposisi"),
    ("kartu-kendali", "Kartu kendali"),
    ("mesin-fotokopi", "Mesin fotokopi"),
    ("aplikasi-srikandi", "Aplikasi SRIKANDI"),
    ("jaringan-internet", "Jaringan internet"),
]
EQUIPMENT_IDS = [e[0] for e in EQUIPMENT]

TOPICS = [  # id part, display
    ("rapat-koordinasi", "rapat koordinasi"),
    ("anggaran", "anggaran kegiatan"),
    ("kinerja", "kinerja triwulan"),
    ("kepegawaian", "administrasi kepegawaian"),
    ("perjalanan-dinas", "perjalanan dinas"),
    ("siaran-pers", "siaran pers"),
    ("pengadaan-barang", "pengadaan barang"),
    ("aset", "aset daerah"),
    ("arsip", "arsip dinamis"),
    ("pengaduan", "pengaduan masyarakat"),
    ("liputan", "liputan kegiatan pimpinan"),
    ("publikasi", "publikasi media daring"),
    ("kerja-sama", "kerja sama media"),
    ("cuti", "cuti pegawai"),
    ("pelatihan", "pelatihan aparatur"),
    ("inventaris", "inventaris kantor"),
    ("keuangan", "pertanggungjawaban keuangan"),
    ("lakip", "LAKIP"),
    ("renstra", "rencana strategis"),
    ("iku", "indikator kinerja utama"),
    ("protokol", "keprotokolan"),
    ("dokumentasi", "dokumentasi kegiatan"),
    ("monev", "monitoring dan evaluasi"),
    ("kehumasan", "layanan kehumasan"),
]
PROJECT_TYPES = [  # documents that cross SOP boundaries
    ("surat-undangan", "Surat undangan"),
    ("laporan", "Laporan"),
    ("nota-dinas", "Nota dinas"),
    ("berita-acara", "Berita acara"),
    ("rekapitulasi", "Rekapitulasi"),
    ("daftar", "Daftar"),
    ("rencana", "Rencana"),
    ("usulan", "Usulan"),
    ("keputusan", "Keputusan"),
    ("dokumen", "Dokumen"),
    ("surat-pengantar", "Surat pengantar"),
    ("telaahan-staf", "Telaahan staf"),
    ("notulen", "Notulen"),
    ("formulir", "Formulir"),
    ("data", "Data"),
]
LOCAL_TYPES = [  # working papers private to one SOP
    ("draf", "Draf"),
    ("konsep", "Konsep"),
    ("catatan", "Catatan"),
    ("lembar-kerja", "Lembar kerja"),
    ("bahan", "Bahan"),
    ("hasil-telaah", "Hasil telaah"),
    ("lembar-paraf", "Lembar paraf"),
    ("salinan", "Salinan"),
    ("tanda-terima", "Tanda terima"),
    ("kompilasi", "Kompilasi"),
    ("matriks", "Matriks"),
    ("ringkasan", "Ringkasan"),
]


def _artefacts(types):
    out = []
    for t_id, t_name in types:
        for p_id, p_name in TOPICS:
            out.append((f"{t_id}-{p_id}", f"{t_name} {p_name}"))
    return out


PROJECT_ARTEFACTS_ALL = _artefacts(PROJECT_TYPES)   # 360
LOCAL_ARTEFACTS_ALL = _artefacts(LOCAL_TYPES)       # 288
ARTEFACT_NAME = dict(PROJECT_ARTEFACTS_ALL + LOCAL_ARTEFACTS_ALL + EQUIPMENT)
assert len(ARTEFACT_NAME) == len(PROJECT_ARTEFACTS_ALL) + len(LOCAL_ARTEFACTS_ALL) + len(EQUIPMENT)

# verb, id slug, roles that typically do it, typical durations
VERBS = [
    ("Memerintahkan penyusunan", "perintah", ["kabiro"], ["5 menit", "10 menit"]),
    ("Mendisposisikan", "disposisi", ["kabiro", "kabag"], ["5 menit", "15 menit", "1 jam"]),
    ("Menyusun", "susun", ["pelaksana", "analis"], ["2 jam", "1 hari", "1-2 hari"]),
    ("Membuat", "buat", ["pelaksana", "kasubag-tu"], ["30 menit", "1 jam", "2 jam"]),
    ("Memeriksa kelengkapan", "periksa", ["kasubag-tu", "kabag"], ["15 menit", "30 menit"]),
    ("Mengoreksi", "koreksi", ["kabag", "analis"], ["30 menit", "1 jam", "0,5 hari"]),
    ("Memaraf", "paraf", ["kabag", "kasubag-tu"], ["5 menit", "10 menit"]),
    ("Menandatangani", "tandatangan", ["kabiro"], ["5 menit", "15 menit"]),
    ("Mengagendakan", "agenda", ["arsiparis"], ["5 menit", "10 menit"]),
    ("Mengarsipkan", "arsip", ["arsiparis"], ["10 menit", "15 menit"]),
    ("Menyampaikan", "sampaikan", ["kasubag-tu", "pelaksana"], ["5 menit", "30 menit", "1 jam"]),
    ("Menggandakan", "gandakan", ["pelaksana"], ["10 menit", "30 menit"]),
    ("Mengirimkan", "kirim", ["arsiparis", "pelaksana"], ["30 menit", "1 hari"]),
    ("Menghimpun", "himpun", ["pelaksana", "analis"], ["1 hari", "2-3 hari", "1 minggu"]),
    ("Menganalisis", "analisis", ["analis"], ["2 jam", "1 hari", "1,5 hari"]),
    ("Memverifikasi", "verifikasi", ["analis", "kasubag-tu"], ["1 jam", "2 jam", "1-2 jam"]),
    ("Mencatat", "catat", ["arsiparis", "pelaksana"], ["5 menit", "15 menit"]),
    ("Menginput", "input", ["pelaksana"], ["30 menit", "1 jam", "3 jam"]),
    ("Menyiapkan", "siapkan", ["pelaksana", "kasubag-tu"], ["30 menit", "1 jam"]),
    ("Merekapitulasi", "rekap", ["analis", "pelaksana"], ["2 jam", "1 hari"]),
    ("Mengevaluasi", "evaluasi", ["kabag", "analis"], ["1 hari", "2 hari", "1 minggu"]),
    ("Menelaah", "telaah", ["analis", "kabag"], ["1 jam", "2 jam", "1 hari"]),
    ("Meneruskan", "teruskan", ["kasubag-tu"], ["5 menit", "15 menit"]),
    ("Menerima dan mencatat", "terima", ["arsiparis", "pelaksana"], ["5 menit", "10 menit"]),
    ("Menyerahkan", "serahkan", ["pelaksana", "arsiparis"], ["15 menit", "30 menit"]),
    ("Mengonfirmasi", "konfirmasi", ["kasubag-tu", "pelaksana"], ["15 menit", "1 jam"]),
    ("Memperbaiki", "perbaiki", ["pelaksana", "analis"], ["1 jam", "2 jam", "1 hari"]),
]
DECISIONS = [
    ("Memeriksa dan menyetujui", "setujui", ["kabiro", "kabag"], "Disetujui?"),
    ("Meneliti kelengkapan dan kebenaran", "teliti", ["kasubag-tu", "kabag"], "Lengkap dan benar?"),
    ("Menilai kesesuaian", "nilai", ["kabag", "analis"], "Sesuai ketentuan?"),
    ("Memvalidasi", "validasi", ["analis", "kasubag-tu"], "Data valid?"),
]
COMPLEMENTS = [
    "sesuai dengan ketentuan tata naskah dinas yang berlaku",
    "dari masing-masing Bagian dan Sub Bagian",
    "kepada Kepala Biro untuk mendapatkan persetujuan",
    "di lingkungan Biro Hubungan Masyarakat",
    "untuk ditindaklanjuti oleh pelaksana",
    "berdasarkan disposisi pimpinan",
    "melalui aplikasi persuratan elektronik",
    "sebelum batas waktu yang ditetapkan",
    "dan mencatatnya dalam buku agenda",
    "bersama Kepala Bagian terkait",
    "secara lengkap dan tertib",
    "kepada unit kerja pengolah",
    "dengan memperhatikan kode klasifikasi arsip",
    "untuk bahan rapat pimpinan",
]
NOTES = [
    "Dilakukan secara elektronik melalui SRIKANDI",
    "Paling lambat tiga hari kerja",
    "Tembusan kepada Sekretaris Daerah",
    "Bila pimpinan berhalangan dapat diwakilkan",
    "Dokumen asli disimpan di Sub Bagian Tata Usaha",
]
SOP_NAME_HEADS = [
    "Penyusunan", "Pengelolaan", "Penerbitan", "Pelaksanaan", "Penanganan", "Pengadaan",
    "Pendistribusian", "Verifikasi", "Pengarsipan", "Pelayanan", "Penyampaian", "Evaluasi",
]
PEOPLE = [
    ("Drs. H. Ahmad Syafii, M.Si", "196801021990031004"),
    ("Dr. Yuniarti Kusuma, S.Sos., M.Si", "197204152000032003"),
    ("Hendra Saputra, S.STP, M.M", "198011232002121002"),
]
LEGAL_BASIS = [
    "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara",
    "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
    "Peraturan Menteri PANRB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP AP",
    "Peraturan Presiden Nomor 21 Tahun 2023 tentang Hari Kerja dan Jam Kerja",
    "Peraturan Gubernur Sumatera Barat tentang Tata Naskah Dinas",
]
QUALIFICATIONS = [
    "Memahami tata naskah dinas",
    "Mampu mengoperasikan komputer",
    "Memahami tugas pokok dan fungsi Biro Hubungan Masyarakat",
    "Berpendidikan paling rendah SLTA atau sederajat",
]
WARNINGS = [
    "Apabila SOP tidak dilaksanakan maka pelayanan akan terlambat",
    "Dokumen diserahkan paling lambat tanggal 31 Maret",
    "Kesalahan data mengakibatkan laporan tidak dapat dipertanggungjawabkan",
]
RECORDS = [
    "Buku agenda surat masuk dan keluar",
    "Arsip dokumen dalam map dan aplikasi",
    "Daftar hadir dan notulen",
]

ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PLAIN_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .,()/'?-]*[A-Za-z0-9.)?]$")


def q(text):
    """A YAML scalar: plain when that reads back as the same string, else double-quoted."""
    if PLAIN_OK.match(text) and ": " not in text and " #" not in text \
            and text.lower() not in ("yes", "no", "true", "false", "on", "off", "null", "y", "n") \
            and not re.match(r"^[0-9.,:-]+$", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(ids):
    return "[" + ", ".join(ids) + "]"


def lower_first(name):
    return name if name.startswith("LAKIP") else name[0].lower() + name[1:]


def pad_text(rng, text):
    """Lengthen `text` with stock phrases to 60-120 characters."""
    start = rng.randrange(len(COMPLEMENTS))
    k = 0
    while len(text) < 60 and k < len(COMPLEMENTS):
        extra = COMPLEMENTS[(start + k) % len(COMPLEMENTS)]
        k += 1
        if len(text) + 1 + len(extra) <= 120:
            text += " " + extra
    if rng.random() < 0.35:
        extra = COMPLEMENTS[(start + k + 3) % len(COMPLEMENTS)]
        if len(text) + 1 + len(extra) <= 120:
            text += " " + extra
    assert 60 <= len(text) <= 120, text
    return text


def activity_text(rng, head, obj_name):
    """An active-voice Kegiatan of 60-120 characters."""
    return pad_text(rng, f"{head} {lower_first(obj_name)}" if obj_name else head + " dokumen kerja")


# ---------------------------------------------------------------------------------------------
# One SOP body: a straight line of steps, decisions looping back, a sound data flow


class Step:
    __slots__ = ("sid", "activity", "actors", "needs", "makes", "time", "call", "decision",
                 "yes", "no", "next", "notes")

    def __init__(self):
        self.sid = self.activity = self.time = self.call = self.decision = None
        self.yes = self.no = self.next = self.notes = None
        self.actors = []
        self.needs = []
        self.makes = []


def gen_steps(rng, n, inputs, outputs, roles, local_pool, decisions, call=None):
    """Return (steps, locals_made).

    Steps run 0..n-1 in order; every forward edge goes to the following step and every
    decision's `no` goes back, so every path to step s passes through all steps before it:
    what is available at s is exactly what steps < s made (plus the inputs). Each made
    artefact is needed before it is made again (or is an output), so no make site is dead.

    decisions: {k: j} decision at step k whose `no` goes back to step j < k.
    call: (c, p, callee_id, callee_name, callee_inputs, callee_outputs): step c performs the
    callee; step p < c makes the callee inputs the caller does not have as its own inputs.
    """
    steps = []
    seen_ids = {}
    unconsumed = list(inputs)          # made (or input) and not yet needed since
    available = list(inputs)           # everything needable so far (order of first arrival)
    available_set = set(inputs)
    made_locals = []
    made_local_set = set()
    pool_pos = 0
    pool_len = len(local_pool)
    premake = []
    if call is not None:
        c, p, callee, callee_name, c_in, c_out = call
        premake = [a for a in c_in if a not in available_set]
    else:
        c = p = -1
    loop_targets = set(decisions.values())
    last_made = inputs[-1] if inputs else None

    for s in range(n):
        st = Step()
        last = s == n - 1
        is_decision = s in decisions
        # needs: the oldest pending document always, all pending ones often (always at the end)
        needs = []
        if unconsumed:
            if last or s == 0 or len(unconsumed) >= 3 or rng.random() < 0.5:
                needs = unconsumed
                unconsumed = []
            else:
                needs = [unconsumed.pop(0)]
        if s == c:
            for a in c_in:
                if a not in needs:
                    needs.append(a)
            unconsumed = [a for a in unconsumed if a not in c_in]
        if available and rng.random() < 0.2:
            extra = available[rng.randrange(len(available))]
            if extra not in needs:
                needs.append(extra)
        if is_decision and last_made is not None and last_made not in needs:
            needs.insert(0, last_made)  # the decision judges the latest document
        if rng.random() < 0.3:
            needs.append(EQUIPMENT_IDS[rng.randrange(len(EQUIPMENT_IDS))])
        needs_set = set(needs)
        # makes
        makes = []
        if last:
            makes = list(outputs)
        elif s == p:
            makes = list(premake)
        elif s != c and not is_decision and rng.random() < 0.8:
            for _ in range(pool_len):
                cand = local_pool[pool_pos % pool_len]
                pool_pos += 1 + (rng.random() < 0.3)
                if cand not in needs_set and cand not in unconsumed:
                    makes.append(cand)
                    break
        if makes:
            last_made = makes[-1]
        for a in makes:
            unconsumed.append(a)
            if a not in available_set:
                available_set.add(a)
                available.append(a)
            if a in local_pool and a not in made_local_set:
                made_local_set.add(a)
                made_locals.append(a)
        if s == c:
            for a in c_out:
                unconsumed.append(a)
                if a not in available_set:
                    available_set.add(a)
                    available.append(a)

        # words
        obj = makes[0] if makes else (needs[0] if needs and needs[0] in ARTEFACT_NAME
                                      and needs[0] not in EQUIPMENT_IDS else None)
        obj_name = ARTEFACT_NAME[obj] if obj else None
        if is_decision:
            head, slug, who, question = DECISIONS[rng.randrange(len(DECISIONS))]
            st.decision = question
            st.time = ["15 menit", "30 menit", "1 jam", "1-2 jam"][rng.randrange(4)]
        elif s == c:
            head, slug, who = "Melaksanakan", "laksanakan", ["kabag", "kasubag-tu"]
            obj_name = None
            st.call = callee
            st.notes = f"SOP {callee_name}"
            # No time: a call step lasts as long as the called SOP's main path (SPEC §2); a written one
            # that differs would be a call-time-mismatch warning. The draw is kept so the corpus stays
            # the same otherwise.
            rng.randrange(3)
            st.time = None
        elif s in loop_targets:
            head, slug, who, times = VERBS[-1]  # Memperbaiki: the correction step
            st.time = times[rng.randrange(len(times))]
        else:
            if s == 0 and rng.random() < 0.5:
                head, slug, who, times = VERBS[0]
            else:
                head, slug, who, times = VERBS[rng.randrange(1, len(VERBS) - 1)]
            st.time = times[rng.randrange(len(times))]
        if s == c:
            st.activity = pad_text(rng, f"Melaksanakan prosedur {lower_first(callee_name)}")
        else:
            st.activity = activity_text(rng, head, obj_name)
        cands = [r for r in who if r in roles] or roles
        st.actors = [cands[rng.randrange(len(cands))]]
        if not is_decision and s != c and rng.random() < 0.05:
            other = roles[rng.randrange(len(roles))]
            if other != st.actors[0]:
                st.actors.append(other)
        if obj:
            word = obj.split("-")[0]
            base = f"{slug}-{word}"
        else:
            base = slug
        count = seen_ids.get(base, 0) + 1
        seen_ids[base] = count
        st.sid = base if count == 1 else f"{base}-{count}"
        st.needs = needs
        st.makes = makes
        if st.notes is None and rng.random() < 0.06:
            st.notes = NOTES[rng.randrange(len(NOTES))]
        steps.append(st)

    # control flow
    for k, j in decisions.items():
        steps[k].no = steps[j].sid
        if rng.random() < 0.5:
            steps[k].yes = steps[k + 1].sid
    for s in range(n - 1):
        if s not in decisions and rng.random() < 0.03:
            steps[s].next = steps[s + 1].sid
    if n - 1 not in decisions and rng.random() < 0.3:
        steps[n - 1].next = "end"
    return steps, made_locals


def used_roles(steps):
    used = set()
    for st in steps:
        used.update(st.actors)
    return [r for r in ROLE_IDS if r in used]


def render_sop(sop_id, name, identity, actors, inputs, outputs, local_defs, steps):
    out = [f"sop: {sop_id}\n", f"name: {q(name)}\n"]
    if identity:
        out.append("identity:\n")
        for key, value in identity:
            if isinstance(value, list):
                out.append(f"  {key}:\n")
                out.extend(f"    - {q(v)}\n" for v in value)
            elif isinstance(value, dict):
                out.append(f"  {key}:\n")
                out.extend(f"    {k}: {v}\n" for k, v in value.items())
            else:
                out.append(f"  {key}: {value}\n")
    if actors is not None:
        out.append(f"actors: {flow(actors)}\n")
    if inputs:
        out.append(f"inputs: {flow(inputs)}\n")
    if outputs:
        out.append(f"outputs: {flow(outputs)}\n")
    if local_defs:
        out.append("artefacts:\n")
        out.extend(f"  {a}: {q(ARTEFACT_NAME[a])}\n" for a in local_defs)
    out.append("steps:\n")
    for st in steps:
        out.append(f"  - id: {st.sid}\n    activity: {q(st.activity)}\n")
        if len(st.actors) == 1:
            out.append(f"    actor: {st.actors[0]}\n")
        else:
            out.append(f"    actors: {flow(st.actors)}\n")
        if st.decision:
            out.append(f"    decision: {q(st.decision)}\n")
        if st.needs:
            out.append(f"    needs: {flow(st.needs)}\n")
        if st.time:
            out.append(f"    time: {st.time}\n")
        if st.makes:
            out.append(f"    makes: {flow(st.makes)}\n")
        if st.call:
            out.append(f"    call: {st.call}\n")
        if st.notes:
            out.append(f"    notes: {q(st.notes)}\n")
        if st.next:
            out.append(f"    next: {st.next}\n")
        if st.yes:
            out.append(f"    yes: {st.yes}\n")
        if st.no:
            out.append(f"    no: {st.no}\n")
    return "".join(out)


def render_project(org_name, project_artefacts):
    out = ["sopc: 1\n", "organization:\n", f"  name: {q(org_name)}\n", "  parents:\n",
           "    - Pemerintah Provinsi Sumatera Barat\n", "    - Sekretariat Daerah\n", "roles:\n"]
    for rid, name, title in ROLES:
        out.append(f"  {rid}: {{ name: {name}, title: {title} }}\n")
    out.append("artefacts:\n")
    out.extend(f"  {a}: {q(ARTEFACT_NAME[a])}\n" for a in project_artefacts)
    out.append("equipment:\n")
    out.extend(f"  {e}: {q(n)}\n" for e, n in EQUIPMENT)
    out.append("calendar:\n  hours_per_day: 7.5\n  days_per_week: 5\n  days_per_month: 20\n")
    return "".join(out)


def make_identity(rng, number, related=None):
    created = datetime.date(2023, 1, 2) + datetime.timedelta(days=rng.randrange(600))
    effective = created + datetime.timedelta(days=rng.randrange(1, 60))
    ident = [("number", number), ("created", created.isoformat())]
    if rng.random() < 0.3:
        revised = created + datetime.timedelta(days=rng.randrange(30, 400))
        ident.append(("revised", revised.isoformat()))
    ident.append(("effective", effective.isoformat()))
    person, nip = PEOPLE[rng.randrange(len(PEOPLE))]
    ident.append(("approved_by", {"role": "kabiro", "name": q(person), "nip": f'"{nip}"'}))
    ident.append(("legal_basis", rng.sample(LEGAL_BASIS, rng.randrange(2, 4))))
    ident.append(("qualifications", rng.sample(QUALIFICATIONS, 2)))
    ident.append(("equipment", sorted(rng.sample(EQUIPMENT_IDS, 3), key=EQUIPMENT_IDS.index)))
    ident.append(("warnings", [WARNINGS[rng.randrange(len(WARNINGS))]]))
    ident.append(("records", rng.sample(RECORDS, 2)))
    if related:
        ident.append(("related", related))
    return ident


def sop_name(rng, topic_index=None):
    head = SOP_NAME_HEADS[rng.randrange(len(SOP_NAME_HEADS))]
    t = TOPICS[rng.randrange(len(TOPICS)) if topic_index is None else topic_index][1]
    return f"{head} {t[0].upper()}{t[1:]}" if not t.startswith("LAKIP") else f"{head} {t}"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# ---------------------------------------------------------------------------------------------
# The three projects


def gen_many(outdir):
    root = os.path.join(outdir, "many")
    project = [a for a, _ in PROJECT_ARTEFACTS_ALL[:300]]
    P = len(project)
    write(os.path.join(root, "sopc.yaml"),
          render_project("Biro Hubungan Masyarakat", project))
    ins, outs, names = {}, {}, {}
    # callees first: SOP i may only call j > i
    for i in range(MANY_SOPS - 1, -1, -1):
        rng = random.Random(SEED * 1_000_003 + i)
        sop_id = f"sop-{i:05d}"
        n = rng.randrange(13, 18)
        name = sop_name(rng)
        names[sop_id] = name
        outputs = [project[i % P]]
        if rng.random() < 0.3:
            extra = project[rng.randrange(P)]
            if extra not in outputs:
                outputs.append(extra)
        call = None
        callee_spec = None
        if i < MANY_SOPS - 1 and rng.random() < 0.4:
            for _ in range(6):
                j = rng.randrange(i + 1, min(i + 60, MANY_SOPS))
                cid = f"sop-{j:05d}"
                if not (set(ins[cid]) | set(outs[cid])) & set(outputs):
                    callee_spec = (cid, names[cid], ins[cid], outs[cid])
                    break
        blocked = set(outputs) | (set(callee_spec[3]) if callee_spec else set())
        inputs = []
        for _ in range(rng.choice((0, 1, 1, 2))):
            a = project[rng.randrange(P)]
            if a not in blocked and a not in inputs:
                inputs.append(a)
        # roles: 3..6 of them, kabiro always (it approves)
        roles = ["kabiro"] + rng.sample(ROLE_IDS[1:], rng.randrange(2, 6))
        roles = [r for r in ROLE_IDS if r in roles]
        k = rng.randrange(4, n - 2)
        decisions = {k: rng.randrange(max(1, k - 4), k)}
        if callee_spec:
            c = rng.randrange(2, n - 1)
            while c == k:
                c = rng.randrange(2, n - 1)
            before = [x for x in range(1, c) if x != k]
            p = before[rng.randrange(len(before))]
            call = (c, p) + callee_spec
        local_pool = rng.sample(LOCAL_ARTEFACTS_ALL, 24)
        local_pool = [a for a, _ in local_pool]
        steps, made = gen_steps(rng, n, inputs, outputs, roles, local_pool, decisions, call)
        ins[sop_id], outs[sop_id] = inputs, outputs
        related = None
        if rng.random() < 0.2:
            r = rng.randrange(MANY_SOPS)
            if r != i:
                related = [f"sop-{r:05d}"]
        identity = make_identity(rng, f"800/{i:05d}/SOP-Humas/2024", related)
        actors = None
        if rng.random() < 0.2:
            actors = used_roles(steps)
            if rng.random() < 0.5:
                actors = list(reversed(actors))
        text = render_sop(sop_id, name, identity, actors, inputs, outputs, made, steps)
        write(os.path.join(root, f"g{i // MANY_PER_FOLDER:03d}", f"{sop_id}.sop.yaml"), text)


def gen_long(rng, sop_id, name, n, inputs, outputs, number, note=None):
    decisions = {}
    k = LOOP_EVERY // 2
    while k < n - 3:
        k += rng.randrange(-8, 9)
        if k >= n - 3:
            break
        decisions[k] = k - rng.randrange(1, 6)
        k += LOOP_EVERY
    pool = [a for a, _ in LOCAL_ARTEFACTS_ALL[:ROTATING_POOL]]
    rng.shuffle(pool)
    steps, made = gen_steps(rng, n, inputs, outputs, list(ROLE_IDS), pool, decisions)
    if note:
        for st in steps:
            st.notes = st.notes or note
    identity = make_identity(rng, number)
    return render_sop(sop_id, name, identity, None, inputs, outputs, made, steps)


def gen_big(outdir):
    root = os.path.join(outdir, "big")
    project = [a for a, _ in PROJECT_ARTEFACTS_ALL[:4]]
    write(os.path.join(root, "sopc.yaml"), render_project("Biro Hubungan Masyarakat", project))
    rng = random.Random(SEED * 7 + 1)
    text = gen_long(rng, "arsip-besar", "Pengelolaan Arsip Dinamis Seluruh Unit Kerja",
                    BIG_STEPS, project[:2], project[2:4], "800/99999/SOP-Humas/2024")
    write(os.path.join(root, "arsip-besar.sop.yaml"), text)


SCALE_STEPS = (1_000, 10_000, 100_000)
SCALE_NOTE = "Dicatat dalam buku agenda; tembusan kepada atasan langsung sebagai laporan"


def gen_scale(outdir):
    project = [a for a, _ in PROJECT_ARTEFACTS_ALL[:4]]
    for n in SCALE_STEPS:
        root = os.path.join(outdir, f"scale-{n}")
        write(os.path.join(root, "sopc.yaml"), render_project("Biro Hubungan Masyarakat", project))
        rng = random.Random(SEED * 13 + n)
        text = gen_long(rng, f"skala-{n}", "Pengelolaan Arsip Dinamis Seluruh Unit Kerja", n, project[:2],
                        project[2:4], f"800/{n}/SOP-Humas/2024", note=SCALE_NOTE)
        write(os.path.join(root, f"skala-{n}.sop.yaml"), text)


def gen_medium(outdir):
    root = os.path.join(outdir, "medium")
    project = [a for a, _ in PROJECT_ARTEFACTS_ALL[:4]]
    write(os.path.join(root, "sopc.yaml"), render_project("Biro Hubungan Masyarakat", project))
    for i in range(MEDIUM_SOPS):
        rng = random.Random(SEED * 11 + i)
        sop_id = f"sop-{i:03d}"
        text = gen_long(rng, sop_id, sop_name(rng), MEDIUM_STEPS, project[:2], project[2:4],
                        f"800/{i:03d}/SOP-Humas/2024")
        write(os.path.join(root, f"{sop_id}.sop.yaml"), text)


SHAPE_CHAIN = 3_000
SHAPE_LOOPS = 20_000
SHAPE_DOCUMENTS = 20_000
SHAPE_UNKNOWN = 3_000


def gen_shapes(outdir):
    """The projects of the shapes in the module's doc string (warnings allowed: not checked --strict)."""
    def project(root, artefacts=()):
        text = render_project("Biro Hubungan Masyarakat", [])
        if artefacts:
            text = text.replace("artefacts:\n", "artefacts:\n" + "".join(f"  {a}: Dokumen {a}\n" for a in artefacts))
        write(os.path.join(root, "sopc.yaml"), text)

    def identity(n):
        return (f"identity:\n  number: 800/{n}/SOP-Humas/2024\n  created: 2024-01-02\n  effective: 2024-02-01\n"
                "  approved_by:\n    role: kabiro\n    name: Hendra Saputra, S.STP, M.M\n"
                "    nip: \"198011232002121002\"\n")

    def step(sid, activity, role, extra=""):
        return f"  - id: {sid}\n    activity: {activity}\n    actor: {role}\n    time: 10 menit\n{extra}"

    root = os.path.join(outdir, "shape-chain")
    project(root)
    for i in range(SHAPE_CHAIN):
        sid = f"rantai-{i:05d}"
        last = i + 1 == SHAPE_CHAIN
        steps = step("terima", "Menerima berkas permohonan", "pelaksana")
        steps += (step("selesai", "Menyelesaikan berkas", "kabag") if last else
                  f"  - id: lanjut\n    activity: Melaksanakan prosedur berikutnya\n    actor: kabag\n"
                  f"    call: rantai-{i + 1:05d}\n")
        write(os.path.join(root, f"{sid}.sop.yaml"),
              f"sop: {sid}\nname: Rantai prosedur {i}\n{identity(i)}steps:\n{steps}")

    root = os.path.join(outdir, "shape-loops")
    project(root)
    steps = "".join(step(f"periksa-{i}", f"Memeriksa berkas bagian {i}", "analis",
                         f"    decision: Lengkap dan benar?\n    no: periksa-0\n")
                    for i in range(SHAPE_LOOPS - 1))
    steps += step("selesai", "Menyelesaikan berkas", "kabag")
    write(os.path.join(root, "putaran.sop.yaml"),
          f"sop: putaran\nname: Pemeriksaan berulang\n{identity(1)}steps:\n{steps}")

    root = os.path.join(outdir, "shape-documents")
    docs = [f"dokumen-{i:05d}" for i in range(SHAPE_DOCUMENTS)]
    project(root, docs)
    listed = ", ".join(docs)
    steps = step("buat", "Membuat seluruh dokumen", "pelaksana", f"    makes: [{listed}]\n")
    steps += step("pakai", "Memeriksa seluruh dokumen", "kabag", f"    needs: [{listed}]\n")
    write(os.path.join(root, "dokumen.sop.yaml"),
          f"sop: dokumen\nname: Dokumen banyak\n{identity(2)}steps:\n{steps}")

    # Each SOP calls one kept in another folder: an unknown SOP, whose id is near some of this folder's.
    root = os.path.join(outdir, "shape-unknown")
    project(root)
    for i in range(SHAPE_UNKNOWN):
        sid = f"prosedur-{i:05d}"
        steps = step("terima", "Menerima berkas permohonan", "pelaksana")
        steps += (f"  - id: lanjut\n    activity: Melaksanakan prosedur biro lain\n    actor: kabag\n"
                  f"    call: prosedur-{i + SHAPE_UNKNOWN:05d}\n")
        write(os.path.join(root, f"{sid}.sop.yaml"),
              f"sop: {sid}\nname: Prosedur {i}\n{identity(i)}steps:\n{steps}")


# ---------------------------------------------------------------------------------------------
# Verifier


TIME_RE = re.compile(
    r"^\s*[0-9]+([.,][0-9]+)?(\s*-\s*[0-9]+([.,][0-9]+)?)?\s+"
    r"(detik|menit|jam|hari|minggu|bulan|seconds?|minutes?|hours?|days?|weeks?|months?)\s*$",
    re.IGNORECASE)
PROJECT_KEYS = {"sopc", "organization", "roles", "artefacts", "equipment", "calendar"}
SOP_KEYS = {"sop", "name", "identity", "actors", "inputs", "outputs", "artefacts", "allow", "steps"}
STEP_KEYS = {"id", "activity", "actor", "actors", "needs", "time", "makes", "notes", "call",
             "next", "allow", "decision", "yes", "no"}
IDENTITY_KEYS = {"number", "created", "revised", "effective", "approved_by", "legal_basis",
                 "qualifications", "equipment", "warnings", "records", "related"}


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, msg):
        if len(self.items) < 200:
            self.items.append(f"{where}: {msg}")
        else:
            self.items.append(None)


def load(path):
    import yaml
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    with open(path, "rb") as f:
        data = f.read()
    if len(data) > 32 * 1024 * 1024:
        raise ValueError(f"{path}: over 32 MiB")
    return yaml.load(data, Loader=loader)


def verify_project(root, problems, stats):
    proj = load(os.path.join(root, "sopc.yaml"))
    where = os.path.join(root, "sopc.yaml")
    if set(proj) - PROJECT_KEYS or proj.get("sopc") != "1":
        problems.add(where, "bad project keys or version")
    roles = list(proj["roles"])
    p_art = set(proj["artefacts"])
    equip = set(proj.get("equipment", {}))
    for x in roles + list(p_art) + list(equip):
        if not ID_RE.match(x) or len(x) > 64:
            problems.add(where, f"invalid id {x}")
    if p_art & equip:
        problems.add(where, "artefact and equipment share an id")
    sops = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if fn.endswith(".sop.yaml"):
                path = os.path.join(dirpath, fn)
                doc = load(path)
                sid = fn[: -len(".sop.yaml")]
                if doc.get("sop") != sid:
                    problems.add(path, "sop-id-mismatch")
                if sid in sops:
                    problems.add(path, "duplicate SOP id")
                sops[sid] = (path, doc)
    used_roles_all = set()
    used_p_art = set()
    for sid, (path, doc) in sops.items():
        verify_sop(path, doc, roles, p_art, equip, sops, problems, stats, used_roles_all,
                   used_p_art)
    # call cycles
    calls = {sid: sorted({st["call"] for st in doc["steps"] if "call" in st})
             for sid, (_, doc) in sops.items()}
    state = {}
    for start in sorted(calls):
        if state.get(start):
            continue
        stack = [(start, iter(calls[start]))]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif nxt in calls:
                if state.get(nxt) == 1:
                    problems.add(sops[node][0], f"call-cycle through {nxt}")
                elif not state.get(nxt):
                    state[nxt] = 1
                    stack.append((nxt, iter(calls[nxt])))
    stats["sops"] += len(sops)
    for r in roles:
        if r not in used_roles_all:
            problems.add(where, f"role {r} is used by no step (not a SPEC warning, but unused)")


def verify_sop(path, doc, roles, p_art, equip, sops, problems, stats, used_roles_all,
               used_p_art):
    bad = set(doc) - SOP_KEYS
    if bad:
        problems.add(path, f"unknown keys {sorted(bad)}")
    for key in ("sop", "name", "steps"):
        if key not in doc:
            problems.add(path, f"missing-key {key}")
    local = dict(doc.get("artefacts") or {})
    for a in local:
        if not ID_RE.match(a) or len(a) > 64:
            problems.add(path, f"invalid-id {a}")
        if a in p_art or a in equip:
            problems.add(path, f"duplicate-id local artefact {a}")
    arts = sorted(p_art | set(local))
    bit = {a: 1 << i for i, a in enumerate(arts)}

    def bits(ids, what, allow_equipment=False):
        v = 0
        for a in ids:
            if a in bit:
                v |= bit[a]
            elif not (allow_equipment and a in equip):
                problems.add(path, f"unknown-artefact {a} in {what}")
        return v

    inputs = doc.get("inputs") or []
    outputs = doc.get("outputs") or []
    in_bits = bits(inputs, "inputs")
    out_bits = bits(outputs, "outputs")
    mentioned = set(inputs) | set(outputs)

    ident = doc.get("identity") or {}
    if set(ident) - IDENTITY_KEYS:
        problems.add(path, "unknown identity keys")
    dates = {}
    for key in ("created", "revised", "effective"):
        if key in ident:
            try:
                if not re.match(r"^\d{4}-\d{2}-\d{2}$", ident[key]):
                    raise ValueError
                dates[key] = datetime.date.fromisoformat(ident[key])
            except ValueError:
                problems.add(path, f"invalid-date {key}")
    if "created" in dates:
        for key in ("revised", "effective"):
            if key in dates and dates[key] < dates["created"]:
                problems.add(path, f"date-order {key}")
    ab = ident.get("approved_by")
    if ab is not None:
        if ab.get("role") not in roles or "name" not in ab or "nip" not in ab:
            problems.add(path, "approved_by")
    for r in ident.get("related", []) or []:
        if r not in sops:
            problems.add(path, f"unknown-sop related {r}")
    for e in ident.get("equipment", []) or []:
        if e not in equip:
            problems.add(path, f"identity equipment {e} is not an equipment id")

    steps = doc["steps"]
    n = len(steps)
    stats["steps"] += n
    stats["max_steps"] = max(stats["max_steps"], n)
    index = {}
    for i, st in enumerate(steps):
        if set(st) - STEP_KEYS:
            problems.add(path, f"unknown step keys {sorted(set(st) - STEP_KEYS)}")
        sid = st.get("id")
        if sid is None or not ID_RE.match(sid) or len(sid) > 64 or sid == "end":
            problems.add(path, f"invalid-id step {sid}")
        if sid in index:
            problems.add(path, f"duplicate-id step {sid}")
        index[sid] = i
        if "activity" not in st:
            problems.add(path, f"missing-key activity at {sid}")
        else:
            stats["activity_chars"] += len(st["activity"])
            if not 60 <= len(st["activity"]) <= 120:
                problems.add(path, f"activity length {len(st['activity'])} at {sid}")
        if ("actor" in st) == ("actors" in st):
            problems.add(path, f"actor/actors at {sid}")
        if "time" not in st:
            problems.add(path, f"missing-time at {sid}")
        elif not TIME_RE.match(st["time"]):
            problems.add(path, f"invalid-time {st['time']!r} at {sid}")
        if "decision" in st:
            if "next" in st or "no" not in st:
                problems.add(path, f"decision shape at {sid}")
        elif "yes" in st or "no" in st:
            problems.add(path, f"yes/no on a non-decision at {sid}")

    # actors
    step_actors = set()
    for st in steps:
        acts = [st["actor"]] if "actor" in st else st.get("actors", [])
        for a in acts:
            if a not in roles:
                problems.add(path, f"unknown-actor {a}")
            step_actors.add(a)
    used_roles_all.update(step_actors)
    if "actors" in doc:
        cols = doc["actors"]
        for a in step_actors - set(cols):
            problems.add(path, f"actor-not-in-columns {a}")
        for a in set(cols) - step_actors:
            problems.add(path, f"unused-actor {a}")
        n_cols = len(cols)
    else:
        n_cols = len(step_actors)
    if n_cols > 7:
        problems.add(path, "too-many-actors")

    # control flow: successors (n means end)
    succ = []
    for i, st in enumerate(steps):
        def target(name):
            if name == "end":
                return n
            if name not in index:
                problems.add(path, f"unknown-step {name}")
                return n
            return index[name]
        if "decision" in st:
            y = target(st["yes"]) if "yes" in st else i + 1
            no = target(st["no"])
            if y == no:
                problems.add(path, f"decision-same-target at {st['id']}")
            succ.append((y, no))
        else:
            succ.append((target(st["next"]) if "next" in st else i + 1,))
    preds = [[] for _ in range(n + 1)]
    for i, ss in enumerate(succ):
        for t in ss:
            preds[t].append(i)
    seen = [False] * (n + 1)
    seen[0] = True
    stack = [0]
    order = []  # DFS preorder, good enough as a visiting order
    while stack:
        v = stack.pop()
        order.append(v)
        if v == n:
            continue
        for t in succ[v]:
            if not seen[t]:
                seen[t] = True
                stack.append(t)
    for i in range(n):
        if not seen[i]:
            problems.add(path, f"unreachable-step {steps[i]['id']}")
    back = [False] * (n + 1)
    back[n] = True
    stack = [n]
    while stack:
        v = stack.pop()
        for p in preds[v]:
            if not back[p]:
                back[p] = True
                stack.append(p)
    for i in range(n):
        if not back[i]:
            problems.add(path, f"no-path-to-end {steps[i]['id']}")

    # per-step data
    need_b, make_b, use_b, gen_b, callin_b = [], [], [], [], []
    for st in steps:
        needs = st.get("needs") or []
        makes = st.get("makes") or []
        mentioned.update(needs)
        mentioned.update(makes)
        nb = bits(needs, f"needs of {st['id']}", allow_equipment=True)
        mb = bits(makes, f"makes of {st['id']}")
        cin = cout = 0
        if "call" in st:
            callee = st["call"]
            if callee not in sops:
                problems.add(path, f"unknown-sop {callee}")
            else:
                cdoc = sops[callee][1]
                cin = bits(cdoc.get("inputs") or [], f"callee {callee} inputs")
                cout = bits(cdoc.get("outputs") or [], f"callee {callee} outputs")
                stats["calls"] += 1
        need_b.append(nb)
        make_b.append(mb)
        callin_b.append(cin)
        use_b.append(nb | cin)
        gen_b.append(mb | cout)
    for a in local:
        if a not in mentioned:
            problems.add(path, f"unused-definition {a}")

    # must-available (forward, intersection over predecessors), iterated to a fixpoint
    full = (1 << len(arts)) - 1
    avail_in = [full] * (n + 1)
    changed = True
    passes = 0
    rpo = [v for v in sorted(order) if v < n]  # steps in file order: forward edges go down
    while changed:
        changed = False
        passes += 1
        for s in rpo:
            v = in_bits if s == 0 else full
            for p in preds[s]:
                v &= avail_in[p] | gen_b[p]
            if v != avail_in[s]:
                avail_in[s] = v
                changed = True
        v = full
        for p in preds[n]:
            v &= avail_in[p] | gen_b[p]
        avail_in[n] = v
    stats["max_passes"] = max(stats["max_passes"], passes)

    def names(mask):
        return [a for a in arts if mask & bit[a]]

    for s in rpo:
        miss = need_b[s] & ~(avail_in[s] | make_b[s])
        if miss:
            problems.add(path, f"artefact-unavailable {names(miss)} at {steps[s]['id']}")
        miss = callin_b[s] & ~avail_in[s]
        if miss:
            problems.add(path, f"call-input-unavailable {names(miss)} at {steps[s]['id']}")
    miss = out_bits & ~avail_in[n]
    if miss:
        problems.add(path, f"output-not-made {names(miss)}")

    # liveness (backward, may): a make site is dead if no path reaches a use before a re-make
    live_in = [0] * (n + 1)
    live_in[n] = out_bits
    changed = True
    while changed:
        changed = False
        for s in reversed(rpo):
            lo = 0
            for t in succ[s]:
                lo |= live_in[t]
            v = use_b[s] | (lo & ~gen_b[s])
            if v != live_in[s]:
                live_in[s] = v
                changed = True
    for s in rpo:
        lo = 0
        for t in succ[s]:
            lo |= live_in[t]
        dead = gen_b[s] & ~lo
        if dead:
            problems.add(path, f"unused-artefact {names(dead)} made at {steps[s]['id']}")
    dead_in = in_bits & ~live_in[0]
    if dead_in:
        problems.add(path, f"unused-input {names(dead_in)}")
    stats["artefacts_max"] = max(stats["artefacts_max"], len(local))


def verify(outdir, which):
    problems = Problems()
    for name in which:
        stats = {"sops": 0, "steps": 0, "max_steps": 0, "calls": 0, "max_passes": 0,
                 "artefacts_max": 0, "activity_chars": 0}
        verify_project(os.path.join(outdir, name), problems, stats)
        avg = stats["activity_chars"] / max(1, stats["steps"])
        print(f"verify {name}: {stats['sops']} SOPs, {stats['steps']} steps "
              f"(max {stats['max_steps']}), {stats['calls']} calls, "
              f"max local artefacts {stats['artefacts_max']}, "
              f"must-available fixpoint in <= {stats['max_passes']} passes, "
              f"mean activity {avg:.0f} chars", flush=True)
    real = [p for p in problems.items if p is not None]
    for p in real:
        print("  PROBLEM", p)
    if len(problems.items) > len(real):
        print(f"  … and {len(problems.items) - len(real)} more")
    return not problems.items


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    if len(args) != 1 or flags - {"--verify", "--verify-only"}:
        print(__doc__, file=sys.stderr)
        return 2
    outdir = args[0]
    which = ["many", "big", "medium"]
    if "--verify-only" not in flags:
        gen_many(outdir)
        gen_big(outdir)
        gen_medium(outdir)
        gen_scale(outdir)
        gen_shapes(outdir)
    if flags & {"--verify", "--verify-only"}:
        return 0 if verify(outdir, which) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
