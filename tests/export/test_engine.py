"""Tests the document engine on plain data: broken templates named in Bahasa Indonesia, paper
sizes, the DRAF header on every page, properties and hashes, shipped templates = builders."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest

from ikm_tui.domain.questionnaire import template
from ikm_tui.errors import TemplateError
from ikm_tui.export import engine
from ikm_tui.export.docx_common import Kop, Signer
from ikm_tui.export.kinds import KINDS
from ikm_tui.export.questionnaire_docx import questionnaire_context

SPEC = KINDS["kuesioner"]
KOP = Kop("PEMERINTAH KABUPATEN X", "KECAMATAN Y", ("Jl. Z 1",), kota="Y")


def replace_in_part(docx: bytes, old: str, new: str, part: str = "word/document.xml") -> bytes:
    """The .docx with `old` replaced by `new` in one part (as someone editing its XML would)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                text = content.decode("utf-8")
                assert old in text, f"{old!r} not in {part}"
                content = text.replace(old, new, 1).encode("utf-8")
            target.writestr(info, content)
    return output.getvalue()


def data(draft: bool = True, questions: int | None = None) -> engine.DocumentData:
    content = template("permenpanrb-14-2017", [("01", "KTP")])
    if questions is not None:
        content["questions"] = (content["questions"] * 3)[:questions]
    signers = {"dibuat": Signer("Dibuat oleh", "Staf", "SARI", "Penata", "199001012015032001")}
    return engine.DocumentData(
        "kuesioner",
        1,
        "Kuesioner",
        questionnaire_context(content, "Periode I"),
        content,
        signers,
        draft=draft,
    )


def render(template_bytes: bytes | None = None, paper: str = "A4", **kwargs) -> bytes:
    return engine.render(
        template_bytes or engine.shipped_template("kuesioner"),
        SPEC,
        data(**kwargs),
        KOP,
        paper=paper,
        today=dt.date(2026, 9, 15),
        code="ABCD-EFGH",
    )


def shipped_with(old: str, new: str, part: str = "word/document.xml") -> bytes:
    return replace_in_part(engine.shipped_template("kuesioner"), old, new, part)


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("{{ judul }}", "{{ judull }}", "{{ judull }}"),  # unknown name
        ("{{ kop.pemerintah }}", "{{ kop.pemrintah }}", "{{ kop.pemrintah }}"),  # attribute
        ("{{ q.teks }}", "{{ q.tks }}", "«tks» pada setiap baris pertanyaan"),  # a row's field
    ],
)
def test_a_misspelled_placeholder_is_named(old: str, new: str, named: str):
    broken = shipped_with(old, new)
    with pytest.raises(TemplateError) as raised:
        render(broken)
    assert named in raised.value.message and "Templat Kuesioner" in raised.value.message
    with pytest.raises(TemplateError) as checked:
        engine.check_template(broken, SPEC, engine.sample_context(SPEC))
    assert named in checked.value.message


def test_an_unknown_name_lists_what_is_available():
    with pytest.raises(TemplateError) as raised:
        engine.check_template(shipped_with("{{ judul }}", "{{ nomor_surat }}"), SPEC, {})
    message = raised.value.message
    assert "{{ nomor_surat }}" in message and "tidak dikenal" in message
    assert "judul" in message and "kop" in message and "ttd" in message


def test_a_jinja_syntax_error_says_where():
    broken = shipped_with("{{ judul }}", "{{ judul }")
    with pytest.raises(TemplateError) as raised:
        engine.check_template(broken, SPEC, {})
    message = raised.value.message
    assert "rusak" in message and "{{ judul }" in message and "endfor" in message


def test_a_file_that_is_not_a_docx():
    with pytest.raises(TemplateError, match="bukan dokumen Word"):
        engine.check_template(b"bukan zip sama sekali", SPEC, {})
    empty_zip = io.BytesIO()
    zipfile.ZipFile(empty_zip, "w").close()
    with pytest.raises(TemplateError, match="bukan dokumen Word"):
        engine.check_template(empty_zip.getvalue(), SPEC, {})


def test_the_shipped_template_passes_its_own_check():
    engine.check_template(engine.shipped_template("kuesioner"), SPEC, engine.sample_context(SPEC))


@pytest.mark.parametrize(("paper", "height"), [("A4", 29.7), ("F4", 33.0)])
def test_paper_size(paper: str, height: float):
    import docx

    section = docx.Document(io.BytesIO(render(paper=paper))).sections[0]
    assert round(section.page_height.cm, 1) == height
    assert round(section.page_width.cm, 1) == (21.0 if paper == "A4" else 21.5)


def test_draft_header_is_on_every_page_until_approved():
    """One header for every page (no separate first-page or even-page header) carrying the
    DRAF mark; an approved document's header is empty."""
    import docx
    from docx.oxml.ns import qn

    draft = docx.Document(io.BytesIO(render(questions=30)))
    for section in draft.sections:
        assert section._sectPr.find(qn("w:titlePg")) is None  # no different first page
        assert not section.different_first_page_header_footer
        assert "DRAF - belum disetujui" in section.header.paragraphs[0].text
    assert draft.settings.odd_and_even_pages_header_footer is False
    final = docx.Document(io.BytesIO(render(draft=False)))
    assert all("DRAF" not in p.text for p in final.sections[0].header.paragraphs)


def test_footer_has_the_code_and_page_fields():
    import docx

    footer = docx.Document(io.BytesIO(render())).sections[0].footer
    xml = footer._element.xml
    assert "Kode verifikasi ABCD-EFGH" in footer.paragraphs[0].text
    assert re.search(r"instrText[^>]*> PAGE <", xml) and re.search(r"> NUMPAGES <", xml)


def test_stamp_keeps_the_content_hash_and_is_deterministic():
    body = render()
    stamped = engine.stamp(body, {"kode": "ABCD-EFGH", "kantor": "KECAMATAN Y & Z"})
    assert engine.content_hash(stamped) == engine.content_hash(body)
    assert engine.stamp(body, {"kode": "ABCD-EFGH", "kantor": "KECAMATAN Y & Z"}) == stamped
    assert engine.read_properties(stamped) == {"kode": "ABCD-EFGH", "kantor": "KECAMATAN Y & Z"}
    restamped = engine.stamp(stamped, {"kode": "ZZZZ-ZZZZ"})  # the part is replaced, not doubled
    assert engine.read_properties(restamped) == {"kode": "ZZZZ-ZZZZ"}
    rels = zipfile.ZipFile(io.BytesIO(restamped)).read("_rels/.rels").decode()
    assert rels.count("custom-properties") == 1
    edited = replace_in_part(stamped, "KECAMATAN Y", "KECAMATAN W")
    assert engine.content_hash(edited) != engine.content_hash(stamped)


def test_codes_and_data_hashes_follow_the_data():
    first = engine.data_hash(data(), KOP)
    assert engine.data_hash(data(), KOP) == first
    assert engine.data_hash(data(draft=False), KOP) != first
    assert engine.data_hash(data(), Kop("A", "B", ())) != first
    code = engine.verification_code("KECAMATAN Y", data(), first)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    assert engine.verification_code("KECAMATAN W", data(), first) != code


def test_shipped_templates_are_what_the_builders_make():
    """The committed .docx files come from export/templates/build.py (run it after a change)."""
    from ikm_tui.export.templates import build

    assert set(build.BUILDERS) == set(KINDS)
    for kind in KINDS:
        assert engine.content_hash(build.build(kind)) == engine.content_hash(
            engine.shipped_template(kind)
        ), (
            f"ikm_tui/export/templates/{kind}.docx is stale: python -m ikm_tui.export.templates.build"
        )
