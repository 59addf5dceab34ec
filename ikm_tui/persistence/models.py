"""Provides the peewee tables (suffix Row) for everything the SOP keeps.

Rows never leave the persistence package towards the UI: repositories convert them to the
dataclasses in `ikm_tui.persistence.records`. Timestamps are naive local time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SmallIntegerField,
    TextField,
)

database_proxy = DatabaseProxy()


def tuples(query: Any) -> Iterator[tuple[Any, ...]]:
    """A select's rows as plain tuples (peewee's type hints call `.tuples()` model rows)."""
    return iter(query.tuples())


def _table_name(model_class: type) -> str:
    """AnswerRow -> answer, PeriodServiceRow -> period_service."""
    name = model_class.__name__.removesuffix("Row")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class BaseRow(Model):
    class Meta:
        database = database_proxy
        table_function = _table_name


class MetaRow(BaseRow):
    """Key/value facts about the database itself (schema version)."""

    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class OfficeRow(BaseRow):
    """The office identity printed in the kop and on every document (one row)."""

    pemerintah = CharField(max_length=200)  # PEMERINTAH KABUPATEN SEMARANG
    nama_unit = CharField(max_length=200)  # KECAMATAN BANDUNGAN
    alamat = TextField()
    telepon = CharField(max_length=60, default="")
    faks = CharField(max_length=60, default="")
    email = CharField(max_length=120, default="")
    website = CharField(max_length=120, default="")
    kota = CharField(max_length=80)  # place printed above signatures: "Bandungan"
    kode_pos = CharField(max_length=10, default="")
    kode_unit = CharField(max_length=40, default="")  # for document numbers, e.g. VI.01
    logo_path = TextField(default="")
    paper_size = CharField(max_length=8, default="A4")  # A4 | F4
    idle_lock_minutes = IntegerField(default=15)  # the TUI locks itself after this idle time


class UserRow(BaseRow):
    """A person who logs in; roles are a comma-separated subset of domain.sop.ROLES."""

    id = AutoField()
    username = CharField(max_length=64, unique=True)
    full_name = CharField(max_length=200)  # with academic titles
    nip = CharField(max_length=18, default="")
    jabatan = CharField(max_length=200, default="")
    pangkat = CharField(max_length=120, default="")
    roles = CharField(max_length=100)
    password_hash = TextField()  # "scrypt$n$r$p$salt_hex$hash_hex"
    failed_attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    disabled = BooleanField(default=False)
    created_at = DateTimeField()

    class Meta:
        table_name = "app_user"  # "user" is reserved in PostgreSQL


class ServiceTypeRow(BaseRow):
    """A jenis layanan the office provides."""

    id = AutoField()
    kode = CharField(max_length=10, unique=True)
    nama = CharField(max_length=200)
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class PeriodRow(BaseRow):
    """A survey period, measured under one regime; moves through the SOP steps."""

    id = AutoField()
    name = CharField(max_length=120)
    regime_id = CharField(max_length=40)
    weights = CharField(max_length=8, default="exact")
    start_date = DateField()
    end_date = DateField()
    current_step = SmallIntegerField(default=1)  # SOP number; 0 = all steps done
    collection_closed_at = DateTimeField(null=True)
    created_at = DateTimeField()
    created_by = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")


class PeriodServiceRow(BaseRow):
    """A jenis layanan surveyed in a period, with its population (data pelanggan)."""

    id = AutoField()
    period = ForeignKeyField(PeriodRow, backref="services", on_delete="CASCADE")
    service_type = ForeignKeyField(ServiceTypeRow, on_delete="RESTRICT")
    population = IntegerField(null=True)  # service recipients over the period

    class Meta:
        indexes = ((("period", "service_type"), True),)


class CustomerRow(BaseRow):
    """One customer record (data pelanggan) when the office keeps names, not only counts."""

    id = AutoField()
    period = ForeignKeyField(PeriodRow, on_delete="CASCADE")
    service_type = ForeignKeyField(ServiceTypeRow, null=True, on_delete="RESTRICT")
    nama = CharField(max_length=200)
    alamat = TextField(default="")
    telepon = CharField(max_length=40, default="")
    tanggal_layanan = DateField(null=True)


class StepRecordRow(BaseRow):
    """Who started and finished an SOP step of a period, and when."""

    id = AutoField()
    period = ForeignKeyField(PeriodRow, backref="step_records", on_delete="CASCADE")
    step_no = SmallIntegerField()
    started_at = DateTimeField()
    started_by = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    finished_at = DateTimeField(null=True)
    finished_by = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")

    class Meta:
        indexes = ((("period", "step_no"), True),)


class DocumentRow(BaseRow):
    """A document that needs the Staf -> Sekcam -> Camat sign-off (kuesioner, laporan, ptpp,
    notulen). `content` is canonical JSON; `content_hash` its SHA-256."""

    id = AutoField()
    period = ForeignKeyField(PeriodRow, null=True, backref="documents", on_delete="CASCADE")
    kind = CharField(max_length=20)
    version = IntegerField(default=1)
    title = CharField(max_length=250)
    content = TextField()
    content_hash = CharField(max_length=64)
    state = CharField(max_length=20, default="draf")
    return_note = TextField(default="")
    frozen = BooleanField(default=False)  # an approved kuesioner version is frozen
    created_at = DateTimeField()
    updated_at = DateTimeField()
    created_by = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")

    class Meta:
        indexes = ((("period", "kind", "version"), False),)


class SignatureRow(BaseRow):
    """A signature or return on a document, bound to the content hash signed."""

    id = AutoField()
    document = ForeignKeyField(DocumentRow, backref="signatures", on_delete="CASCADE")
    stage = CharField(max_length=20)  # dibuat | diperiksa | disetujui
    action = CharField(max_length=10)  # sign | return
    user = ForeignKeyField(UserRow, on_delete="RESTRICT")
    content_hash = CharField(max_length=64)
    note = TextField(default="")
    signed_at = DateTimeField()
    voided_at = DateTimeField(null=True)
    void_reason = TextField(default="")


class RespondentRow(BaseRow):
    """One filled questionnaire (paper or imported)."""

    id = AutoField()
    period = ForeignKeyField(PeriodRow, backref="respondents", on_delete="CASCADE")
    nomor = IntegerField()  # form number within the period
    questionnaire = ForeignKeyField(DocumentRow, null=True, on_delete="RESTRICT")
    service_type = ForeignKeyField(ServiceTypeRow, null=True, on_delete="RESTRICT")
    tanggal_survei = DateField(null=True)
    sesi = CharField(max_length=20, default="")  # 08.00-12.00 / 13.00-17.00
    batch = CharField(max_length=40, default="")  # surveyor or bundle number
    jenis_kelamin = CharField(max_length=2, null=True)
    usia = SmallIntegerField(null=True)
    pendidikan = CharField(max_length=2, null=True)
    pekerjaan = CharField(max_length=2, null=True)
    saran = TextField(default="")
    source = CharField(max_length=10, default="kertas")  # kertas | impor
    excluded = BooleanField(default=False)
    exclusion_reason = TextField(default="")
    created_at = DateTimeField()
    created_by = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    updated_at = DateTimeField()
    # an imported row's fingerprint (services/importer.py): a later download of the same
    # cumulative file finds the rows already stored; NULL for paper forms
    import_key = CharField(max_length=40, null=True)

    class Meta:
        indexes = (
            (("period", "nomor"), True),
            (("period", "excluded"), False),  # counting and tallying a period (migration 2)
            (("period", "import_key"), True),  # migration import_runs
        )


class AnswerRow(BaseRow):
    """One answer: value 1..4, or NULL for "tidak menjawab"; keyed by the unsur's stable key.

    `period` repeats the respondent's period so tabulation is one GROUP BY on this table.
    """

    id = AutoField()
    # No single-column indexes: the composite indexes below lead with these columns.
    respondent = ForeignKeyField(RespondentRow, backref="answers", on_delete="CASCADE", index=False)
    period = ForeignKeyField(PeriodRow, on_delete="CASCADE", index=False)
    unsur_key = CharField(max_length=40)
    value = SmallIntegerField(null=True)

    class Meta:
        indexes = (
            (("respondent", "unsur_key"), True),
            (("period", "unsur_key", "value"), False),
        )


class CorrectionRow(BaseRow):
    """A correction or exclusion of a saved form: the reason and the original values."""

    id = AutoField()
    respondent = ForeignKeyField(RespondentRow, backref="corrections", on_delete="CASCADE")
    user = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    at = DateTimeField()
    kind = CharField(max_length=12)  # koreksi | kecualikan | pulihkan
    reason = TextField()
    before = TextField()  # JSON of the form before the change
    after = TextField()  # JSON of the form after the change


class AuditRow(BaseRow):
    """Append-only, hash-chained log of every login, state change, signature and export."""

    id = AutoField()
    at = DateTimeField()
    user = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    username = CharField(max_length=64, default="")
    action = CharField(max_length=40)
    entity = CharField(max_length=40, default="")
    entity_id = CharField(max_length=40, default="")
    detail = TextField(default="{}")  # canonical JSON
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64)


class ComplaintRow(BaseRow):
    """A customer complaint (Form Catatan Keluhan Pelanggan; one row of the register)."""

    id = AutoField()
    nomor = CharField(max_length=30, unique=True)  # KLH/2026/001
    received_at = DateTimeField()
    saluran = CharField(max_length=40)
    lapor_ticket = CharField(max_length=40, default="")
    pelapor_nama = CharField(max_length=200, default="")  # empty = anonim
    pelapor_alamat = TextField(default="")
    pelapor_hp = CharField(max_length=40, default="")
    service_type = ForeignKeyField(ServiceTypeRow, null=True, on_delete="RESTRICT")
    uraian = TextField()
    harapan = TextField(default="")
    klasifikasi = CharField(max_length=40, default="")
    unsur_key = CharField(max_length=40, default="")
    tindakan_segera = TextField(default="")
    tanggapan = TextField(default="")
    petugas = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    diteruskan_ke = CharField(max_length=200, default="")
    tindak_lanjut = TextField(default="")
    target_hari = IntegerField(default=14)  # working days
    selesai_at = DateTimeField(null=True)
    status = CharField(max_length=20, default="baru")  # baru | diproses | selesai
    konfirmasi = TextField(default="")
    ptpp = ForeignKeyField(DocumentRow, null=True, on_delete="SET NULL")
    # migration 6: deadline class, disposition, confirmation
    kelas = CharField(max_length=60, default="Umum")
    batas_waktu = DateField(null=True)  # received + target_hari working days
    disposisi_user = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    disposisi_at = DateTimeField(null=True)
    konfirmasi_at = DateTimeField(null=True)
    updated_at = DateTimeField(null=True)


class ComplaintClassRow(BaseRow):
    """A deadline class of complaints the Admin sets (e.g. Sederhana: 2 working days)."""

    id = AutoField()
    nama = CharField(max_length=60, unique=True)
    hari = IntegerField()


class MeetingRow(BaseRow):
    """A meeting (step 6: pembahasan hasil), with its minutes document."""

    id = AutoField()
    period = ForeignKeyField(PeriodRow, backref="meetings", on_delete="CASCADE")
    acara = TextField()
    tanggal = DateField()
    waktu_mulai = CharField(max_length=5, default="09.00")
    waktu_selesai = CharField(max_length=5, default="11.00")
    tempat = CharField(max_length=200, default="")
    undangan_nomor = CharField(max_length=80, default="")
    undangan_tanggal = DateField(null=True)
    ketua = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    sekretaris = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    pencatat = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    minutes = ForeignKeyField(DocumentRow, null=True, on_delete="SET NULL")
    agenda = TextField(default="")  # one agenda item a line (migration 5)


class AttendeeRow(BaseRow):
    """One line of a meeting's daftar hadir."""

    id = AutoField()
    meeting = ForeignKeyField(MeetingRow, backref="attendees", on_delete="CASCADE")
    user = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    nama = CharField(max_length=200)
    jabatan = CharField(max_length=200, default="")
    nip = CharField(max_length=18, default="")
    hadir = BooleanField(default=True)


class MeetingFindingRow(BaseRow):
    """A finding offered to or raised at a meeting: an unsur, a complaint, a PTPP due for
    verification, or free text; `accepted` when the meeting kept it (migration 5)."""

    id = AutoField()
    meeting = ForeignKeyField(MeetingRow, backref="findings", on_delete="CASCADE")
    kind = CharField(max_length=20)  # unsur | keluhan | verifikasi | lain
    ref = CharField(max_length=40, default="")  # unsur key, complaint id or PTPP id
    uraian = TextField()
    accepted = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class PtppRow(BaseRow):
    """A PTPP (corrective/preventive action request); its signed text (parts 1 and 2) is a
    DocumentRow, its verification (part 3) lives here."""

    id = AutoField()
    nomor = CharField(max_length=30, unique=True)  # 001/PTPP/2026
    period = ForeignKeyField(PeriodRow, null=True, backref="ptpps", on_delete="CASCADE")
    document = ForeignKeyField(DocumentRow, null=True, on_delete="SET NULL")
    tanggal = DateField()
    sumber = CharField(max_length=40, default="survei")
    unsur_key = CharField(max_length=40, default="")
    kategori = CharField(max_length=20, default="minor")
    uraian = TextField(default="")
    pic = CharField(max_length=200, default="")
    target_selesai = DateField(null=True)
    status = CharField(max_length=20, default="terbuka")  # terbuka | tertutup
    verifikasi_hasil = CharField(max_length=20, default="")  # efektif | tidak efektif
    tanggal_verifikasi = DateField(null=True)
    lanjutan = ForeignKeyField("self", null=True, on_delete="SET NULL")  # its follow-up PTPP
    # migration 5
    persyaratan = TextField(default="")
    batas_waktu = DateField(null=True)
    complaint = ForeignKeyField(ComplaintRow, null=True, on_delete="SET NULL")
    finding = ForeignKeyField(MeetingFindingRow, null=True, on_delete="SET NULL")
    pic_user = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    verifikasi_catatan = TextField(default="")
    verifikasi_oleh = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    verifikasi_periode = ForeignKeyField(PeriodRow, null=True, on_delete="SET NULL")
    verifikasi_nrr = CharField(max_length=20, default="")


class ArchiveItemRow(BaseRow):
    """An archived berkas (step 10): classification, retention, paper location, file hash."""

    id = AutoField()
    period = ForeignKeyField(PeriodRow, null=True, on_delete="SET NULL")
    document = ForeignKeyField(DocumentRow, null=True, on_delete="SET NULL")
    nomor_berkas = CharField(max_length=40)
    kode_klasifikasi = CharField(max_length=30, default="000.8.3.4")
    uraian = TextField()
    kurun_waktu = CharField(max_length=40, default="")
    jumlah = CharField(max_length=40, default="1 berkas")
    tingkat_perkembangan = CharField(max_length=20, default="asli")
    retensi_aktif = CharField(max_length=20, default="2 tahun")
    retensi_inaktif = CharField(max_length=20, default="3 tahun")
    nasib_akhir = CharField(max_length=20, default="permanen")
    lokasi_simpan = CharField(max_length=120, default="")
    klasifikasi_keamanan = CharField(max_length=20, default="biasa")
    file_name = TextField(default="")
    file_size = IntegerField(null=True)
    sha256 = CharField(max_length=64, default="")
    archived_at = DateTimeField()
    archived_by = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    # migration 6: what the item holds, the paper's shelf and box, the signed content's hash
    jenis = CharField(max_length=20, default="")
    meeting = ForeignKeyField(MeetingRow, null=True, on_delete="SET NULL")
    rak = CharField(max_length=40, default="")
    boks = CharField(max_length=40, default="")
    document_hash = CharField(max_length=64, default="")


class ArchiveContentRow(BaseRow):
    """The digital file of an archive item, inside the database so a backup carries it."""

    id = AutoField()
    item = ForeignKeyField(ArchiveItemRow, unique=True, on_delete="RESTRICT")
    content = BlobField()


class OfficeDayOffRow(BaseRow):
    """A day the office is closed besides weekends, national holidays and cuti bersama."""

    id = AutoField()
    tanggal = DateField(unique=True)
    keterangan = CharField(max_length=200, default="")
    created_at = DateTimeField()

    class Meta:
        table_name = "office_day_off"


class DocumentTemplateRow(BaseRow):
    """A Word template an Admin installed for a document kind (overrides the shipped one)."""

    id = AutoField()
    kind = CharField(max_length=40, unique=True)
    content = BlobField()
    sha256 = CharField(max_length=64)
    file_name = TextField(default="")
    installed_at = DateTimeField()
    installed_by_id = IntegerField(null=True)  # a user id, or None for the administrator's CLI


class DocumentExportRow(BaseRow):
    """One exported document: what verify-doc compares a file with (by its code)."""

    id = AutoField()
    kind = CharField(max_length=40)
    period_id = IntegerField(null=True)
    document_id = IntegerField(null=True)  # the sign-off document, for kinds that have one
    version = IntegerField(default=1)
    code = CharField(max_length=16, index=True)  # printed in the footer
    content_hash = CharField(max_length=64)  # of the word/ parts (engine.content_hash)
    data_hash = CharField(max_length=64)  # of the data it was made from (engine.data_hash)
    template_sha256 = CharField(max_length=64)
    file_name = TextField(default="")
    paper = CharField(max_length=8, default="A4")
    draft = BooleanField(default=True)
    exported_at = DateTimeField()
    exported_by_id = IntegerField(null=True)


class SigningKeyRow(BaseRow):
    """An Ed25519 key pair: the office's root key (owner "kantor", made at `init`) or one of a
    user's keys (owner "pengguna"; a new one at each password reset, the old ones retired)."""

    id = AutoField()
    owner = CharField(max_length=10)
    user_id = IntegerField(null=True, index=True)
    public_key = CharField(max_length=64)
    fingerprint = CharField(max_length=40)
    created_at = DateTimeField()
    retired_at = DateTimeField(null=True)

    class Meta:
        table_name = "signing_key"


class KeySecretRow(BaseRow):
    """A key's private half encrypted (AES-GCM) under key material of one holder's password
    (or of the recovery code): "pengguna:<id>", "admin:<id>" (the root, per Admin), "pemulihan"."""

    id = AutoField()
    key_id = IntegerField(index=True)
    holder = CharField(max_length=40)
    salt = CharField(max_length=64)
    nonce = CharField(max_length=32)
    ciphertext = TextField()

    class Meta:
        table_name = "key_secret"


class KeyCertificateRow(BaseRow):
    """The root key's signature over a user's key, username and roles (re-issued on a role
    change; every certificate is kept)."""

    id = AutoField()
    key_id = IntegerField(index=True)
    payload = TextField()
    signature = CharField(max_length=128)
    created_at = DateTimeField()

    class Meta:
        table_name = "key_certificate"


class SignatureSealRow(BaseRow):
    """The Ed25519 signature over one sign-off (document, version, content hash, stage, time,
    signer, audit head), by the signer's key; `code` is printed in the signature block."""

    id = AutoField()
    signature_id = IntegerField(unique=True)
    key_id = IntegerField()
    payload = TextField()
    signature = CharField(max_length=128)
    code = CharField(max_length=12)

    class Meta:
        table_name = "signature_seal"


class ImportRunRow(BaseRow):
    """One import of a file into a period. Its forms are stored in bounded transactions as
    pending (excluded, `respondents.PENDING_REASON`) numbered `nomor_awal`..`nomor_akhir`;
    status `berjalan` until the last transaction makes them count (`selesai`), `dibatalkan`
    once a failed or abandoned run's forms are removed."""

    id = AutoField()
    period = ForeignKeyField(PeriodRow, on_delete="CASCADE")
    berkas = TextField()
    sha256 = CharField(max_length=64)
    user = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    status = CharField(max_length=12)
    jumlah = IntegerField(default=0)  # forms to store
    tersimpan = IntegerField(default=0)  # forms stored so far
    sudah_ada = IntegerField(default=0)  # rows of the file already stored before
    nomor_awal = IntegerField(null=True)
    nomor_akhir = IntegerField(null=True)
    started_at = DateTimeField()
    updated_at = DateTimeField()  # the run's heartbeat: each stored chunk moves it
    finished_at = DateTimeField(null=True)

    class Meta:
        table_name = "import_run"


ALL_TABLES: tuple[type[BaseRow], ...] = (
    MetaRow,
    OfficeRow,
    UserRow,
    ServiceTypeRow,
    PeriodRow,
    PeriodServiceRow,
    CustomerRow,
    StepRecordRow,
    DocumentRow,
    SignatureRow,
    RespondentRow,
    AnswerRow,
    CorrectionRow,
    AuditRow,
    ComplaintRow,
    MeetingRow,
    AttendeeRow,
    PtppRow,
    ArchiveItemRow,
    OfficeDayOffRow,
    ComplaintClassRow,
    ArchiveContentRow,
    DocumentTemplateRow,
    DocumentExportRow,
    MeetingFindingRow,
    SigningKeyRow,
    KeySecretRow,
    KeyCertificateRow,
    SignatureSealRow,
    ImportRunRow,
)
