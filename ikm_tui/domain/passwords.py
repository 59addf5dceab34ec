"""Provides password hashing with scrypt (memory-hard) and a per-user random salt."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from ikm_tui.memory import release_freed_memory, unmap_large_blocks

# n=2**14, r=8 uses 16 MiB and about 50 ms per check on a 2-core office PC.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 8


def _scrypt(password: bytes, **options: int | bytes) -> bytes:
    """hashlib.scrypt with its 16 MiB work area handed back to the operating system after
    (glibc would keep it: each login thread would leave 16 MiB resident)."""
    unmap_large_blocks()
    try:
        return hashlib.scrypt(password, **options)  # type: ignore[arg-type]
    finally:
        release_freed_memory()


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    """An encoded hash "scrypt$n$r$p$salt_hex$key_hex"; nothing reversible is kept."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=KEY_BYTES,
        maxmem=64 * 1024 * 1024,
    )
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    """True when `password` matches `encoded`; constant-time comparison."""
    try:
        scheme, n_text, r_text, p_text, salt_hex, key_hex = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(key_hex)
        key = _scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt_hex),
            n=int(n_text),
            r=int(r_text),
            p=int(p_text),
            dklen=len(expected),
            maxmem=64 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(key, expected)


MATERIAL_BYTES = 32  # key material for the signing key, derived with the password check


def _scrypt64(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # scrypt ends in PBKDF2-HMAC-SHA256, whose output blocks are independent: the first
    # `length` bytes of a longer output are the shorter output, so one derivation gives both
    # the stored check and material that is never stored.
    return _scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=length + MATERIAL_BYTES,
        maxmem=64 * 1024 * 1024,
    )


def hash_with_material(password: str, *, n: int = SCRYPT_N) -> tuple[str, bytes]:
    """`hash_password`'s encoded hash and the key material the same scrypt run gives beyond
    it (for encrypting the user's signing key; never stored)."""
    salt = secrets.token_bytes(SALT_BYTES)
    out = _scrypt64(password, salt, n, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    encoded = f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${out[:KEY_BYTES].hex()}"
    return encoded, out[KEY_BYTES:]


def material_if_valid(password: str, encoded: str) -> bytes | None:
    """The key material of `password` when it matches `encoded` (one scrypt run, as costly as
    `verify_password`), else None."""
    try:
        scheme, n_text, r_text, p_text, salt_hex, key_hex = encoded.split("$")
        if scheme != "scrypt":
            return None
        expected = bytes.fromhex(key_hex)
        out = _scrypt64(
            password, bytes.fromhex(salt_hex), int(n_text), int(r_text), int(p_text), len(expected)
        )
    except (ValueError, TypeError):
        return None
    if not hmac.compare_digest(out[: len(expected)], expected):
        return None
    return out[len(expected) :]


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable (Bahasa Indonesia), or None."""
    if len(password) < MIN_LENGTH:
        return f"Kata sandi minimal {MIN_LENGTH} karakter."
    if password.strip() != password:
        return "Kata sandi tidak boleh diawali atau diakhiri spasi."
    return None
