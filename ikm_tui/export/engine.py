"""Provides the document engine: a kind's data rendered through its docxtpl Word template.

    data = DocumentData(kind, period_id, title, context, data, signers, draft, ...)
    body = render(template_bytes, KINDS[kind], data, kop, paper="A4", today=date, code=code)
    stamped = stamp(body, properties(...))      # custom properties, deterministic zip
    content_hash(stamped) == content_hash(body) # word/ parts only: properties do not count

The engine fills the common placeholders (kop, DRAF header, signature blocks, place and date,
verification code), checks templates (`check_template`) and names a broken placeholder in
Bahasa Indonesia (`TemplateError`). docxtpl/python-docx are imported inside the functions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from ikm_tui.domain.formatting import tanggal
from ikm_tui.domain.nip import format_nip
from ikm_tui.errors import StorageError, TemplateError
from ikm_tui.export.docx_common import DOTS, PAPER_SIZES_CM, Kop, Signer, tempat_tanggal
from ikm_tui.export.kinds import KOP_FIELDS, KindSpec

if TYPE_CHECKING:
    from docxtpl import DocxTemplate
    from jinja2 import Environment

WATERMARK = "DRAF - belum disetujui"
LOGO_WIDTH_CM = 1.7  # fits the kop's 2 cm logo column
PROPERTY_PREFIX = "ikm_"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
CONTENT_PREFIX = "word/"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CUSTOM_PART = "docProps/custom.xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


@dataclass(frozen=True)
class ImageRef:
    """A picture for a placeholder (a chart, a logo): file path and printed width."""

    path: str
    width_cm: float = 15.0


@dataclass(frozen=True)
class DocumentData:
    """What a kind hands the engine for one period: its placeholders and the data behind them.

    `data` is the JSON-able snapshot the data hash is computed from (what the document shows,
    never the clock): verify-doc asks the kind again and compares.
    """

    kind: str
    period_id: int
    title: str
    context: Mapping[str, Any]
    data: Any
    signers: Mapping[str, Signer] = field(default_factory=dict)
    draft: bool = True
    document_id: int | None = None
    version: int = 1
    sign_date: dt.date | None = None


def shipped_template(kind: str) -> bytes:
    """The template shipped with the package for `kind` (export/templates/<kind>.docx)."""
    try:
        return resources.files("ikm_tui.export.templates").joinpath(f"{kind}.docx").read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise StorageError(f"Templat bawaan untuk {kind} tidak ada di paket ikm-tui.") from exc


# -- hashes and codes ---------------------------------------------------------------------------


def canonical_json(value: Any) -> str:
    """Stable JSON (sorted keys, dates and fractions as text) for hashing."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def data_hash(data: DocumentData, kop: Kop | None) -> str:
    """SHA-256 of what the document was made from: the kind's data, kop, signers, draft state."""
    snapshot = {
        "jenis": data.kind,
        "periode": data.period_id,
        "dokumen": data.document_id,
        "versi": data.version,
        "draf": data.draft,
        "tanggal_ttd": data.sign_date,
        "data": data.data,
        "kop": dataclasses.asdict(kop) if kop else None,
        "ttd": {slot: dataclasses.asdict(s) for slot, s in sorted(data.signers.items())},
    }
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


def verification_code(office: str, data: DocumentData, hash_of_data: str) -> str:
    """The short code printed in the footer, e.g. "K7QF-3M2D" (same data, same code)."""
    seed = canonical_json(
        [office, data.kind, data.period_id, data.document_id, data.version, hash_of_data]
    )
    number = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:5], "big")
    letters = "".join(CODE_ALPHABET[(number >> (5 * i)) & 31] for i in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def content_hash(docx: bytes) -> str:
    """SHA-256 over the parts that carry the document's content (word/...), in name order;
    properties, relationships and zip metadata do not count."""
    digest = hashlib.sha256()
    with _open_zip(docx) as archive:
        for name in sorted(n for n in archive.namelist() if n.startswith(CONTENT_PREFIX)):
            part = archive.read(name)
            digest.update(name.encode("utf-8") + b"\0" + str(len(part)).encode() + b"\0" + part)
    return digest.hexdigest()


def _open_zip(docx: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(docx))
    except zipfile.BadZipFile as exc:
        raise TemplateError("Berkas ini bukan dokumen Word (.docx).") from exc


# -- rendering ----------------------------------------------------------------------------------


def render(
    template: bytes,
    spec: KindSpec,
    data: DocumentData,
    kop: Kop | None,
    *,
    paper: str,
    today: dt.date,
    code: str,
) -> bytes:
    """The filled document (.docx bytes, without the engine's properties)."""
    tpl = _load(template, spec)
    context = full_context(tpl, spec, data, kop, today=today, code=code)
    _render(tpl, spec, context)
    set_paper(tpl.docx, paper)
    core = tpl.docx.core_properties
    core.title, core.subject, core.category = data.title, spec.title, spec.kind
    core.identifier, core.version, core.keywords = code, str(data.version), "ikm-tui"
    core.author = kop.nama_unit if kop else ""
    core.comments = "Periksa keaslian dengan: ikm-tui verify-doc BERKAS"
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def full_context(
    tpl: DocxTemplate,
    spec: KindSpec,
    data: DocumentData,
    kop: Kop | None,
    *,
    today: dt.date,
    code: str,
) -> dict[str, Any]:
    """The kind's context plus the engine's common placeholders (see kinds.COMMON_KEYS)."""
    sign_date = data.sign_date or today
    kota = kop.kota if kop else ""
    context: dict[str, Any] = {
        "kop": _kop_context(tpl, kop),
        "draf": WATERMARK if data.draft else "",
        "tempat_tanggal": tempat_tanggal(kota, sign_date),
        "kota": kota,
        "tanggal": tanggal(sign_date),
        "ttd": {slot: signer_context(data.signers.get(slot)) for slot in spec.slots},
        "verifikasi": {"kode": code},
        "dokumen": {"judul": data.title, "versi": data.version},
    }
    for key, value in data.context.items():
        context[key] = _image(tpl, value) if key in spec.images else value
    return context


def signer_context(signer: Signer | None) -> dict[str, str]:
    """One signature block's placeholders; dotted lines where nobody has signed yet."""
    if signer is None:
        return {"frasa": "", "jabatan": "", "nama": "", "pangkat": "", "nip": "", "kode": ""}
    nip = format_nip(signer.nip) if signer.nip else ""
    return {
        "frasa": signer.phrase,
        "jabatan": signer.jabatan,
        "nama": signer.name or DOTS,
        "pangkat": signer.pangkat,
        "nip": f"NIP {nip}" if nip else "NIP " + DOTS[:24],
        "kode": signer.code,
    }


def _kop_context(tpl: DocxTemplate, kop: Kop | None) -> dict[str, Any]:
    if kop is None:
        return dict.fromkeys(KOP_FIELDS, "")
    lines = (*kop.address_lines, "", "")
    logo: Any = ""
    if kop.logo_path:
        logo = _image(tpl, ImageRef(kop.logo_path, LOGO_WIDTH_CM))
    return {
        "pemerintah": kop.pemerintah,
        "nama_unit": kop.nama_unit,
        "alamat": lines[0],
        "kontak": lines[1],
        "logo": logo,
    }


def _image(tpl: DocxTemplate, value: Any) -> Any:
    from pathlib import Path

    from docx.shared import Cm
    from docxtpl import InlineImage

    if not isinstance(value, ImageRef):
        return value
    if not Path(value.path).expanduser().is_file():
        return ""
    return InlineImage(tpl, str(Path(value.path).expanduser()), width=Cm(value.width_cm))


def set_paper(doc: Any, paper: str) -> None:
    """A4 or F4 on every section, keeping each section's orientation."""
    from docx.shared import Cm

    if paper not in PAPER_SIZES_CM:
        raise StorageError(f"Ukuran kertas {paper} tidak dikenal (pilihan: A4, F4).")
    short, long = PAPER_SIZES_CM[paper]
    for section in doc.sections:
        landscape = (section.page_width or 0) > (section.page_height or 0)
        width, height = (long, short) if landscape else (short, long)
        section.page_width, section.page_height = Cm(width), Cm(height)


# -- templates: loading, checking, rendering with clear errors ----------------------------------


def _load(template: bytes, spec: KindSpec) -> DocxTemplate:
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(
            f"Templat {spec.title} bukan dokumen Word (.docx) yang dapat dibaca."
        ) from exc
    return tpl


class _Path(dict[str, Any]):
    """A context dict that knows its place ("kop", "pertanyaan[]"), to name a missing key."""

    ikm_path = ""


class _PathText(str):
    """A context string that knows its place, to name `{{ saran.judul }}` when misused."""

    ikm_path = ""


def _with_paths(value: Any, path: str) -> Any:
    if isinstance(value, Mapping) and not isinstance(value, _Path):
        wrapped = _Path({k: _with_paths(v, f"{path}.{k}" if path else k) for k, v in value.items()})
        wrapped.ikm_path = path
        return wrapped
    if isinstance(value, list | tuple):
        return [_with_paths(item, f"{path}[]") for item in value]
    if type(value) is str:
        text = _PathText(value)
        text.ikm_path = path
        return text
    return value


class _Unknown(Exception):
    """A placeholder the context does not have: its dotted name and its neighbours' keys."""

    def __init__(self, name: str, available: tuple[str, ...] = ()) -> None:
        super().__init__(name)
        self.name = name
        self.available = available


def _environment() -> Environment:
    from jinja2 import Environment, StrictUndefined

    class MissingPlaceholder(StrictUndefined):
        """Fails naming the full placeholder: "kop.pemrintah", "pertanyaan[].tks"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            owner = self._undefined_obj
            keys = tuple(sorted(owner)) if isinstance(owner, dict) else ()
            self._undefined_exception = lambda name: _Unknown(name, keys)  # type: ignore[assignment]

        @property
        def _undefined_message(self) -> str:
            parent = getattr(self._undefined_obj, "ikm_path", "")
            name = str(self._undefined_name)
            return f"{parent}.{name}" if parent else name

    return Environment(autoescape=True, undefined=MissingPlaceholder)


def _render(tpl: DocxTemplate, spec: KindSpec, context: Mapping[str, Any]) -> None:
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateSyntaxError

    try:
        tpl.render(_with_paths(dict(context), ""), jinja_env=_environment(), autoescape=True)
    except _Unknown as exc:
        raise TemplateError(_unknown_message(spec, exc.name, exc.available)) from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(_syntax_message(spec, exc, tpl)) from exc
    except JinjaError as exc:
        raise TemplateError(f"Templat {spec.title} tidak dapat diisi: {exc}.") from exc


def _unknown_message(spec: KindSpec, name: str, available: tuple[str, ...] = ()) -> str:
    top, _, rest = name.partition(".")
    row = top.endswith("[]")
    top = top.removesuffix("[]")
    if top not in spec.all_keys:
        return (
            f"Templat {spec.title} memakai isian {{{{ {name} }}}} yang tidak dikenal. "
            f"Isian yang tersedia: {', '.join(sorted(spec.all_keys))}."
        )
    field = rest.rsplit(".", 1)[-1] if rest else name
    where = f"pada setiap baris {top}" if row else f"di dalam {top}"
    shown = f"«{field}» {where}" if row else f"{{{{ {name} }}}}"
    hint = f" Yang tersedia {where}: {', '.join(available)}." if available else ""
    return f"Templat {spec.title} memakai isian {shown} yang tidak ada (salah ketik?).{hint}"


def _syntax_message(spec: KindSpec, exc: Any, tpl: DocxTemplate | None = None) -> str:
    broken = _broken_tag(tpl) if tpl is not None else None
    if broken is None:
        near = " ".join(
            line.strip() for line in getattr(exc, "docx_context", []) or [] if line.strip()
        )
        broken = near[:80] or None
    where = f" di sekitar «{broken}»" if broken else ""
    detail = str(exc.message)
    for block in ("for", "if"):
        if f"'end{block}'" in detail:
            detail = f"ada {{% {block} %}} yang tidak ditutup dengan {{% end{block} %}}"
    return (
        f"Templat {spec.title} rusak{where}: penulisan isian Jinja tidak benar "
        f"({detail}). Setiap isian ditulis {{{{ nama }}}} dan setiap {{% for %}} "
        "ditutup {% endfor %}."
    )


def _paragraph_texts(tpl: DocxTemplate) -> list[str]:
    """The text of every paragraph of the body, headers and footers (placeholders whole)."""
    from docx.oxml.ns import qn

    roots = [tpl.docx.element.body]
    for section in tpl.docx.sections:
        roots += [section.header._element, section.footer._element]
    return [
        "".join(text.text or "" for text in paragraph.iter(qn("w:t")))
        for root in roots
        for paragraph in root.iter(qn("w:p"))
    ]


def _broken_tag(tpl: DocxTemplate) -> str | None:
    """The first placeholder that is not closed or does not parse on its own, as written."""
    from jinja2 import Environment, TemplateSyntaxError

    env = Environment()
    for text in _paragraph_texts(tpl):
        for match in re.finditer(r"\{\{|\{%", text):
            closing = "}}" if match.group() == "{{" else "%}"
            end = text.find(closing, match.end())
            if end == -1 or "{" in text[match.end() : end]:
                stop = min(len(text), match.start() + 40)
                return text[match.start() : stop]
            tag = text[match.start() : end + 2]
            if closing == "}}":
                try:
                    env.parse(tag)
                except TemplateSyntaxError:
                    return tag
    return None


def check_template(template: bytes, spec: KindSpec, sample: Mapping[str, Any]) -> None:
    """TemplateError unless `template` is a .docx whose placeholders the kind provides:
    syntax, unknown top-level names, then a full render against `sample` (attribute names)."""
    from jinja2 import TemplateSyntaxError

    tpl = _load(template, spec)
    try:
        used = tpl.get_undeclared_template_variables(jinja_env=_environment())
    except TemplateSyntaxError as exc:
        raise TemplateError(_syntax_message(spec, exc, tpl)) from exc
    unknown = sorted(used - spec.all_keys)
    if unknown:
        raise TemplateError(_unknown_message(spec, unknown[0]))
    if sample:
        _render(_load(template, spec), spec, sample)


def sample_context(spec: KindSpec) -> dict[str, Any]:
    """Common placeholders with example values plus the kind's sample (for template checks)."""
    signer = signer_context(Signer("Dibuat oleh", "Staf", "NAMA", "Penata", "1" * 18))
    common: dict[str, Any] = {
        "kop": dict.fromkeys(KOP_FIELDS, "x"),
        "draf": WATERMARK,
        "tempat_tanggal": "Kota, 1 Januari 2026",
        "kota": "Kota",
        "tanggal": "1 Januari 2026",
        "ttd": {slot: signer for slot in spec.slots},
        "verifikasi": {"kode": "AAAA-AAAA"},
        "dokumen": {"judul": spec.title, "versi": 1},
    }
    return common | dict(spec.sample() if spec.sample else {})


# -- properties ---------------------------------------------------------------------------------


def stamp(docx: bytes, properties: Mapping[str, str]) -> bytes:
    """The document with `properties` as custom properties (ikm_<name>), written as a zip with
    fixed timestamps so the same content gives the same bytes."""
    with _open_zip(docx) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    target = _custom_target(parts)
    parts[target] = _custom_xml(properties)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return output.getvalue()


def _custom_target(parts: dict[str, bytes]) -> str:
    """The custom-properties part's name; adds its relationship and content type if missing."""
    rels = parts.get("_rels/.rels", b"").decode("utf-8")
    found = re.search(rf'<Relationship[^>]*Type="{re.escape(CUSTOM_REL)}"[^>]*/>', rels)
    if found:
        target = re.search(r'Target="/?([^"]+)"', found.group(0))
        return target.group(1) if target else CUSTOM_PART
    relationship = f'<Relationship Id="rIdIkmCustom" Type="{CUSTOM_REL}" Target="{CUSTOM_PART}"/>'
    parts["_rels/.rels"] = rels.replace(
        "</Relationships>", relationship + "</Relationships>"
    ).encode()
    types = parts["[Content_Types].xml"].decode("utf-8")
    if f'PartName="/{CUSTOM_PART}"' not in types:
        override = f'<Override PartName="/{CUSTOM_PART}" ContentType="{CUSTOM_TYPE}"/>'
        types = types.replace("</Types>", override + "</Types>")
    parts["[Content_Types].xml"] = types.encode("utf-8")
    return CUSTOM_PART


def _custom_xml(properties: Mapping[str, str]) -> bytes:
    from xml.sax.saxutils import escape, quoteattr

    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
        f"name={quoteattr(PROPERTY_PREFIX + name)}><vt:lpwstr>{escape(str(value))}</vt:lpwstr>"
        "</property>"
        for pid, (name, value) in enumerate(sorted(properties.items()), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{items}</Properties>"
    ).encode()


def read_properties(docx: bytes) -> dict[str, str]:
    """The engine's custom properties of a document ({} when it has none); TemplateError when
    the bytes are not a Word document."""
    from xml.etree import ElementTree

    with _open_zip(docx) as archive:
        if "word/document.xml" not in archive.namelist():
            raise TemplateError("Berkas ini bukan dokumen Word (.docx).")
        try:
            xml = archive.read(CUSTOM_PART)
        except KeyError:
            return {}
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return {}
    found = {}
    for prop in root:
        name = prop.get("name", "")
        if name.startswith(PROPERTY_PREFIX):
            found[name.removeprefix(PROPERTY_PREFIX)] = "".join(prop.itertext())
    return found
