"""Cost of the signing keys per sign-off, as ratios to the password check measured in the
same run: the password check alone (`verify_password`, one scrypt), the check that also
yields the key material (`material_if_valid`, the same scrypt run), opening the key
(HKDF + AES-GCM) and sealing (Ed25519 sign). Prints figures; asserts nothing.

    python bench/bench_signing.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _result import emit, figure  # noqa: E402
from _timing import timings  # noqa: E402

from ikm_tui.domain.passwords import (  # noqa: E402
    hash_with_material,
    material_if_valid,
    verify_password,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from ikm_tui.services.keys import _kek, _raw_private

    encoded, material = hash_with_material("sandi-kantor-1")
    private = Ed25519PrivateKey.generate()
    salt, nonce = b"s" * 16, b"n" * 12
    sealed = AESGCM(_kek(material, salt)).encrypt(nonce, _raw_private(private), b"pengguna:1")
    payload = b'{"dokumen":1,"hash":"' + b"a" * 64 + b'","tahap":"disetujui"}'

    def open_key() -> None:
        raw = AESGCM(_kek(material, salt)).decrypt(nonce, sealed, b"pengguna:1")
        Ed25519PrivateKey.from_private_bytes(raw)

    checks, boths = [], []
    for _ in range(args.runs):  # interleaved, so that a busy machine slows both alike
        checks += timings(1, lambda: verify_password("sandi-kantor-1", encoded))
        boths += timings(1, lambda: material_if_valid("sandi-kantor-1", encoded))
    check, both = statistics.median(checks), statistics.median(boths)
    opening = statistics.median(timings(args.runs * 10, open_key))
    sealing = statistics.median(timings(args.runs * 10, lambda: private.sign(payload)))
    print(f"password check (scrypt):            {check * 1000:.1f} ms")
    print(f"check + key material (same scrypt): {both * 1000:.1f} ms = {both / check:.2f}x")
    print(f"open the key (HKDF + AES-GCM):      {opening * 1e6:.0f} us = {opening / check:.4f}x")
    print(f"seal (Ed25519 sign):                {sealing * 1e6:.0f} us = {sealing / check:.4f}x")
    extra = both - check + opening + sealing
    print(f"added per sign-off: {extra * 1000:.2f} ms = {extra / check:.3f}x the password check")
    emit(
        [
            figure(
                "password check that also yields the key material",
                both * 1000,
                "ms",
                baseline="password check alone (one scrypt)",
                baseline_value=check * 1000,
                budget="<= 1.25x (a second scrypt would be 2x)",
                limit=1.25,
                next_step="profile material_if_valid against verify_password (second scrypt?)",
            ),
            figure(
                "open the key + Ed25519 seal",
                (opening + sealing) * 1000,
                "ms",
                baseline="password check alone (one scrypt)",
                baseline_value=check * 1000,
                budget="<= 0.05x",
                limit=0.05,
                next_step="profile HKDF/AES-GCM and the Ed25519 key load",
            ),
        ]
    )


if __name__ == "__main__":
    main()
