"""Provides KeyService: the signing keys (Ed25519, from the `cryptography` package) of the
users and of the office, and the seal of every sign-off.

- Each user has a key pair; its private half is stored encrypted (AES-GCM) under a key made
  with HKDF (own random salt) from key material that the password check's scrypt run gives
  beyond the stored hash (`domain.passwords.material_if_valid`): no extra scrypt per
  sign-off, and nothing in the database opens it without the password.
- The office root key is made at `init` (or, in a database older than the keys, at the first
  Admin login). Its private half is stored for each Admin (under that Admin's password) and
  for the recovery code. It certifies each user's key with the username and roles
  (`key_certificate`); its fingerprint is written to the site config, which verify trusts.
- A password change or reset makes a new key; the old one is retired but kept, so that old
  signatures still verify. A key made while no Admin has opened the root (a user's first
  login in an old database) waits for the next Admin login to be certified.
- `seal` signs the sign-off's document id, version, content hash, stage, time, signer, key
  and the audit head with the signer's key; the code printed in the signature block is
  derived from that signature.

Unlocked keys are kept in this service (one per process: the TUI session or one command) from
the password check until the process ends. `cryptography` is imported inside the functions.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain.sop import ADMIN
from ikm_tui.errors import AuthError
from ikm_tui.persistence import audit_log
from ikm_tui.persistence.models import (
    KeyCertificateRow,
    KeySecretRow,
    SignatureSealRow,
    SigningKeyRow,
    UserRow,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ROOT = "kantor"
USER = "pengguna"
RECOVERY = "pemulihan"
HKDF_INFO = b"ikm-tui kunci tanda tangan"
KEY_LOCKED = (
    "Kunci tanda tangan elektronik Anda tidak dapat dibuka dengan kata sandi ini (kata sandi "
    "diganti di luar aplikasi?). Minta Admin mengatur ulang kata sandi Anda."
)


def fingerprint(public_raw: bytes) -> str:
    """16 hex digits of the public key's SHA-256, in groups: "1A2B-3C4D-5E6F-7A8B"."""
    text = hashlib.sha256(public_raw).hexdigest()[:16].upper()
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def signature_code(signature_hex: str) -> str:
    """The short code printed in a signature block: 8 base32 letters of the signature's hash."""
    text = base64.b32encode(hashlib.sha256(bytes.fromhex(signature_hex)).digest()[:5]).decode()
    return f"{text[:4]}-{text[4:8]}"


def recovery_material(code: str) -> bytes:
    """Key material from a recovery code (80 random bits; HKDF with its own salt follows)."""
    return hashlib.sha256(b"ikm-tui pemulihan:" + code.encode("ascii")).digest()


def _kek(material: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=HKDF_INFO).derive(material)


def _seal_secret(key_id: int, holder: str, private_raw: bytes, material: bytes) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    ciphertext = AESGCM(_kek(material, salt)).encrypt(nonce, private_raw, holder.encode())
    KeySecretRow.delete().where(
        (KeySecretRow.key_id == key_id) & (KeySecretRow.holder == holder)
    ).execute()
    KeySecretRow.create(
        key_id=key_id,
        holder=holder,
        salt=salt.hex(),
        nonce=nonce.hex(),
        ciphertext=ciphertext.hex(),
    )


def _open_secret(key_id: int, holder: str, material: bytes) -> Ed25519PrivateKey | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    row = KeySecretRow.get_or_none(
        (KeySecretRow.key_id == key_id) & (KeySecretRow.holder == holder)
    )
    if row is None:
        return None
    try:
        raw = AESGCM(_kek(material, bytes.fromhex(row.salt))).decrypt(
            bytes.fromhex(row.nonce), bytes.fromhex(row.ciphertext), holder.encode()
        )
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (InvalidTag, ValueError):
        return None


def _raw_private(private: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def verify_signature(public_hex: str, payload: str, signature_hex: str) -> bool:
    """True when `signature_hex` is the Ed25519 signature of `payload` by `public_hex`."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(
            bytes.fromhex(signature_hex), payload.encode("utf-8")
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def root_key() -> SigningKeyRow | None:
    return (
        SigningKeyRow.select().where(SigningKeyRow.owner == ROOT).order_by(SigningKeyRow.id).first()
    )


class KeyService:
    """Makes, opens and certifies the keys; seals sign-offs."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock
        self._unlocked: dict[int, tuple[int, Ed25519PrivateKey]] = {}  # user id -> key
        self._material: dict[int, bytes] = {}  # user id -> password key material
        self._root: tuple[int, Ed25519PrivateKey, str] | None = None  # id, key, opened by

    # -- when a password is known -------------------------------------------------------------

    def password_checked(self, user_id: int, material: bytes) -> None:
        """After a successful login or password re-entry: open the user's key (making one for
        a user who has none yet, as in a database older than the keys) and, for an Admin, the
        office root key (made here when the database has none), then certify waiting keys."""
        user = UserRow.get_by_id(user_id)
        self._material[user_id] = material
        key = self._active(user_id)
        if key is None:
            self._new_user_key(user, material)
        else:
            private = _open_secret(key.id, f"{USER}:{user_id}", material)
            if private is not None:
                self._unlocked[user_id] = (key.id, private)
        if ADMIN in user.roles.split(","):
            self._open_root(user, material)

    def password_set(self, user_id: int, material: bytes) -> None:
        """After an account is added or its password set: a new key (the old one retired and
        kept); for an Admin, the root's copy re-encrypted under the new password."""
        user = UserRow.get_by_id(user_id)
        now = self.clock()
        SigningKeyRow.update(retired_at=now).where(
            (SigningKeyRow.owner == USER)
            & (SigningKeyRow.user_id == user_id)
            & SigningKeyRow.retired_at.is_null()
        ).execute()
        self._material[user_id] = material
        self._new_user_key(user, material)
        if ADMIN in user.roles.split(",") and self._root is not None:
            _seal_secret(self._root[0], f"{ADMIN}:{user_id}", _raw_private(self._root[1]), material)

    def roles_changed(self, user_id: int) -> None:
        """A new certificate of the user's key with the new roles (when the root is open)."""
        key = self._active(user_id)
        if key is not None and self._root is not None:
            self._certify(key, UserRow.get_by_id(user_id))

    # -- the office root ------------------------------------------------------------------------

    def create_office(self, admin_id: int, recovery_code: str) -> str:
        """At `init`: the root key, stored for the Admin (whose password was just set) and for
        the recovery code; certifies the Admin's key. Returns the root's fingerprint."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        private = Ed25519PrivateKey.generate()
        row = self._store_key(ROOT, None, private)
        raw = _raw_private(private)
        _seal_secret(row.id, f"{ADMIN}:{admin_id}", raw, self._material[admin_id])
        _seal_secret(row.id, RECOVERY, raw, recovery_material(recovery_code))
        admin = UserRow.get_by_id(admin_id)
        self._root = (row.id, private, admin.username)
        self.certify_pending()
        return row.fingerprint

    def recover_root(self, admin_id: int, old_code: str, new_code: str) -> bool:
        """After a recovery: open the root with the old code, store it for the new code and
        for the Admin's new password, certify the Admin's new key. False when it cannot."""
        row = root_key()
        if row is None:
            return False
        private = _open_secret(row.id, RECOVERY, recovery_material(old_code))
        if private is None:
            return False
        raw = _raw_private(private)
        _seal_secret(row.id, RECOVERY, raw, recovery_material(new_code))
        _seal_secret(row.id, f"{ADMIN}:{admin_id}", raw, self._material[admin_id])
        self._root = (row.id, private, UserRow.get_by_id(admin_id).username)
        self.certify_pending()
        return True

    def root_fingerprint(self) -> str | None:
        row = root_key()
        return row.fingerprint if row else None

    def certify_pending(self) -> int:
        """Certify every active user key without a certificate (needs the root open)."""
        if self._root is None:
            return 0
        certified = {c.key_id for c in KeyCertificateRow.select(KeyCertificateRow.key_id)}
        count = 0
        query = SigningKeyRow.select().where(
            (SigningKeyRow.owner == USER) & SigningKeyRow.retired_at.is_null()
        )
        for key in query:
            if key.id not in certified:
                user = UserRow.get_or_none(UserRow.id == key.user_id)
                if user is not None:
                    self._certify(key, user)
                    count += 1
        return count

    # -- sealing ----------------------------------------------------------------------------

    def seal(
        self,
        signature_id: int,
        document: dict[str, Any],
        stage: str,
        action: str,
        user_id: int,
        at: dt.datetime,
    ) -> str:
        """Sign one sign-off with the signer's opened key (inside the caller's transaction);
        returns the short code. AuthError when the key could not be opened."""
        unlocked = self._unlocked.get(user_id)
        if unlocked is None:
            raise AuthError(KEY_LOCKED)
        key_id, private = unlocked
        key = SigningKeyRow.get_by_id(key_id)
        seq, head_hash = audit_log.head()
        payload = audit_log.canonical_json(
            {
                **document,
                "tahap": stage,
                "aksi": action,
                "waktu": at.isoformat(timespec="microseconds"),
                "penandatangan": user_id,
                "kunci": key.fingerprint,
                "kepala_audit": [seq, head_hash],
            }
        )
        signature = private.sign(payload.encode("utf-8")).hex()
        code = signature_code(signature)
        SignatureSealRow.create(
            signature_id=signature_id,
            key_id=key_id,
            payload=payload,
            signature=signature,
            code=code,
        )
        return code

    # -- internals --------------------------------------------------------------------------

    def _active(self, user_id: int) -> SigningKeyRow | None:
        return (
            SigningKeyRow.select()
            .where(
                (SigningKeyRow.owner == USER)
                & (SigningKeyRow.user_id == user_id)
                & SigningKeyRow.retired_at.is_null()
            )
            .order_by(SigningKeyRow.id.desc())
            .first()
        )

    def _store_key(self, owner: str, user_id: int | None, private: Ed25519PrivateKey) -> Any:
        public = _raw_public(private)
        return SigningKeyRow.create(
            owner=owner,
            user_id=user_id,
            public_key=public.hex(),
            fingerprint=fingerprint(public),
            created_at=self.clock(),
        )

    def _new_user_key(self, user: UserRow, material: bytes) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        private = Ed25519PrivateKey.generate()
        row = self._store_key(USER, user.id, private)
        _seal_secret(row.id, f"{USER}:{user.id}", _raw_private(private), material)
        self._unlocked[user.id] = (row.id, private)
        audit_log.append(
            self.clock(),
            user.id,
            user.username,
            "kunci_buat",
            "user",
            user.id,
            {"username": user.username, "kunci": row.fingerprint},
        )
        if self._root is not None:
            self._certify(row, user)

    def _open_root(self, admin: UserRow, material: bytes) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        row = root_key()
        if row is None:  # a database older than the keys: its first Admin login makes it
            private = Ed25519PrivateKey.generate()
            row = self._store_key(ROOT, None, private)
            _seal_secret(row.id, f"{ADMIN}:{admin.id}", _raw_private(private), material)
            audit_log.append(
                self.clock(),
                admin.id,
                admin.username,
                "kunci_kantor_buat",
                "office",
                1,
                {"kunci": row.fingerprint},
            )
        else:
            opened = _open_secret(row.id, f"{ADMIN}:{admin.id}", material)
            if opened is None:
                return
            private = opened
        self._root = (row.id, private, admin.username)
        self.certify_pending()

    def _certify(self, key: SigningKeyRow, user: UserRow) -> None:
        assert self._root is not None
        payload = audit_log.canonical_json(
            {
                "kunci": key.fingerprint,
                "publik": key.public_key,
                "pengguna": user.id,
                "username": user.username,
                "peran": sorted(user.roles.split(",")),
                "waktu": self.clock().isoformat(timespec="seconds"),
                "oleh": self._root[2],
            }
        )
        KeyCertificateRow.create(
            key_id=key.id,
            payload=payload,
            signature=self._root[1].sign(payload.encode("utf-8")).hex(),
            created_at=self.clock(),
        )
