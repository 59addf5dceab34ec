"""Tests the signing keys: every sign-off sealed with Ed25519 by the signer's key, certified
by the office key that `init` wrote to the site config; a Staf with write access to the file
cannot make a document verify as signed by the Camat; resets keep old signatures valid."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ikm_tui.errors import AuthError
from ikm_tui.paths import add_office_key_fingerprint, office_key_fingerprints
from ikm_tui.persistence import audit_log
from ikm_tui.persistence.models import (
    KeyCertificateRow,
    SignatureRow,
    SignatureSealRow,
    SigningKeyRow,
    UserRow,
)
from ikm_tui.services import keys as signing
from ikm_tui.services.registry import Services
from tests.services.conftest import PASSWORD, sign_through


def failing(services: Services) -> dict[str, list[str]]:
    report = services.verify.run()
    return {r.name: [str(f) for f in r.findings] for r in report.results if not r.ok}


@pytest.fixture
def office(services: Services, users, period) -> int:  # type: ignore[no-untyped-def]
    """The office key made as at init (Admin's password known), in the site config; the
    period's kuesioner signed by Staf, Sekretaris Camat and Camat."""
    services.auth.login(users["admin"].username, PASSWORD)
    services.keys.certify_pending()
    assert add_office_key_fingerprint(services.keys.root_fingerprint() or "") is not None
    document = services.questionnaire.current(period.id)
    sign_through(services, users, document.id)
    return document.id


def _raw(public: Ed25519PrivateKey) -> str:
    return (
        public.public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        .hex()
    )


def test_every_signature_is_sealed_and_verifies(services: Services, office: int) -> None:
    seals = list(SignatureSealRow.select())
    assert len(seals) == SignatureRow.select().count() == 3
    assert failing(services) == {}
    record = services.signoff.get(office)
    codes = [s.code for s in record.signatures]
    assert all(len(c) == 9 and c[4] == "-" for c in codes)
    payload = json.loads(seals[-1].payload)
    assert payload["tahap"] == "disetujui" and payload["hash"] == record.content_hash
    assert payload["kepala_audit"][0] > 0
    tte = next(r for r in services.verify.run().results if r.name == "tte")
    assert "sesuai konfigurasi situs" in tte.summary


def test_a_staf_cannot_make_a_document_verify_as_signed_by_the_camat(
    services: Services, users, office: int, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The Staf writes to the file: a key of his own registered for the Camat, certified by a
    root key of his own that replaces the office's, and the Camat's seal re-made with it."""
    camat = users["camat"]
    forged_root, forged_camat = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    root = SigningKeyRow.get(SigningKeyRow.owner == signing.ROOT)
    db_file = tmp_path / "t.db"
    connection = sqlite3.connect(db_file)
    with connection:
        root_fp = signing.fingerprint(bytes.fromhex(_raw(forged_root)))
        connection.execute(
            "UPDATE signing_key SET public_key = ?, fingerprint = ? WHERE id = ?",
            (_raw(forged_root), root_fp, root.id),
        )
        camat_fp = signing.fingerprint(bytes.fromhex(_raw(forged_camat)))
        key_id = connection.execute(
            "INSERT INTO signing_key (owner, user_id, public_key, fingerprint, created_at) "
            "VALUES ('pengguna', ?, ?, ?, '2026-09-15 09:30:00')",
            (camat.id, _raw(forged_camat), camat_fp),
        ).lastrowid
        cert = audit_log.canonical_json(
            {
                "kunci": camat_fp,
                "publik": _raw(forged_camat),
                "pengguna": camat.id,
                "username": camat.username,
                "peran": ["camat"],
                "waktu": "2026-09-15T09:30:00",
                "oleh": "admin",
            }
        )
        connection.execute(
            "INSERT INTO key_certificate (key_id, payload, signature, created_at) "
            "VALUES (?, ?, ?, '2026-09-15 09:30:00')",
            (key_id, cert, forged_root.sign(cert.encode()).hex()),
        )
        seal = SignatureSealRow.get(
            SignatureSealRow.signature_id == SignatureRow.get(SignatureRow.stage == "disetujui").id
        )
        payload = json.loads(seal.payload)
        payload["kunci"] = camat_fp
        text = audit_log.canonical_json(payload)
        connection.execute(
            "UPDATE signature_seal SET key_id = ?, payload = ?, signature = ? WHERE id = ?",
            (key_id, text, forged_camat.sign(text.encode()).hex(), seal.id),
        )
    connection.close()
    problems = failing(services)
    assert problems["tte"][0] == (
        f"Kunci kantor {root_fp}: tidak tercatat di konfigurasi situs "
        f"{tmp_path / 'site-config' / 'ikm-tui' / 'config.toml'} (kunci dipalsukan?)"
    )
    # the certificates the real root made no longer verify against the forged root either
    assert any("tidak disahkan kunci kantor" in p for p in problems["tte"])


def test_a_seal_moved_to_another_signer_or_content_fails(
    services: Services, users, office: int
) -> None:  # type: ignore[no-untyped-def]
    staf = users["staf"]
    approval = SignatureRow.get(SignatureRow.stage == "disetujui")
    SignatureRow.update(user=staf.id).where(SignatureRow.id == approval.id).execute()
    problems = failing(services)["tte"]
    assert problems == [
        f"Tanda tangan disetujui dokumen {office} (sari): catatan tanda tangan berbeda dari "
        "yang ditandatangani secara elektronik (penandatangan)"
    ]


def test_a_camat_password_written_into_the_file_opens_no_key(
    services: Services, users, period
) -> None:  # type: ignore[no-untyped-def]
    """The Staf copies his own password hash onto the Camat's account: he can log in as the
    Camat, but the Camat's key does not open, so he cannot sign as the Camat."""
    document = services.questionnaire.current(period.id)
    services.signoff.submit(document.id, users["staf"], PASSWORD)
    services.signoff.approve(document.id, users["sekcam"], PASSWORD)
    staf_hash = UserRow.get_by_id(users["staf"].id).password_hash
    UserRow.update(password_hash=staf_hash).where(UserRow.id == users["camat"].id).execute()
    fresh = Services(services.clock)  # the Staf's own session
    camat = fresh.auth.login(users["camat"].username, PASSWORD)
    with pytest.raises(AuthError, match="tidak dapat dibuka"):
        fresh.signoff.approve(document.id, camat, PASSWORD)
    assert services.signoff.get(document.id).state == "diperiksa"
    assert failing(services)["pengguna"] == [
        f"Pengguna {users['camat'].username}: kata sandi diganti di luar aplikasi"
    ]


def test_a_reset_makes_a_new_key_and_old_signatures_still_verify(
    services: Services, users, office: int
) -> None:  # type: ignore[no-untyped-def]
    camat = users["camat"]
    services.users.set_password(camat.username, "sandi-camat-baru-1", users["admin"])
    keys = list(SigningKeyRow.select().where(SigningKeyRow.user_id == camat.id))
    assert len(keys) == 2 and keys[0].retired_at is not None and keys[1].retired_at is None
    assert KeyCertificateRow.select().where(KeyCertificateRow.key_id == keys[1].id).exists()
    assert failing(services) == {}


def test_a_user_of_an_older_database_gets_a_key_at_login(services: Services, users, period) -> None:  # type: ignore[no-untyped-def]
    from ikm_tui.services.users import UserService

    old = UserService(services.clock)  # as before the keys: no key with the password
    lama = old.add("lama", "Staf Lama", "199001012015032002", "", "", ["staf"], PASSWORD, None)
    assert not SigningKeyRow.select().where(SigningKeyRow.user_id == lama.id).exists()
    services.auth.login(users["admin"].username, PASSWORD)  # the office key, certifying
    services.auth.login("lama", PASSWORD)  # makes his key, certified by the open root
    assert SigningKeyRow.select().where(SigningKeyRow.user_id == lama.id).count() == 1
    document = services.questionnaire.current(period.id)
    services.signoff.submit(document.id, lama, PASSWORD)
    assert "tte" not in failing(services)
    assert office_key_fingerprints() == []  # not written by a login: root adds it


def test_deleted_key_rows_are_named(services: Services, users, office: int) -> None:  # type: ignore[no-untyped-def]
    camat = users["camat"]
    SigningKeyRow.delete().where(SigningKeyRow.user_id == camat.id).execute()
    problems = failing(services)["tte"]
    assert any(p.endswith(f"({camat.username}): hilang (dihapus)") for p in problems)
