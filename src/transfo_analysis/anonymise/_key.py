"""The key file: kept apart, permissioned, optionally encrypted, written so that nothing is lost.

Location: ``<secure_dir>/pseudonymisation-key.json`` (plain JSON) or
``<secure_dir>/pseudonymisation-key.json.enc`` (encrypted), ``secure_dir`` being ``secure/`` in the
project by default. The folder is created with mode 700 and a ``.gitignore`` holding ``*``; the
files have mode 600.

Encryption uses the ``cryptography`` library: Fernet (AES-128-CBC + HMAC-SHA256) with a key
derived from the passphrase by scrypt (n=2**15, r=8, p=1) and a random 16-byte salt. The file is
one JSON header line (format, KDF parameters, salt) followed by the Fernet token. The passphrase
is read from the environment variable named in the settings (``TRANSFO_KEY_PASSPHRASE``).

Writing is atomic (a temporary file, checked by reading it back, then renamed) and the previous
key is kept as ``….bak``. A key that cannot be read (wrong or missing passphrase, corrupted file)
stops the run before anything is written.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from transfo_analysis.anonymise._pseudonyms import PseudonymKey
from transfo_analysis.config import Project
from transfo_analysis.errors import TransfoError
from transfo_analysis.i18n import _
from transfo_analysis.provenance import atomic_path

KEY_NAME = "pseudonymisation-key.json"
_ENC_FORMAT = "transfo-key-encrypted"
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}


def key_paths(project: Project) -> tuple[Path, Path]:
    """The plain and the encrypted key file of a project."""
    return project.secure_dir / KEY_NAME, project.secure_dir / (KEY_NAME + ".enc")


def passphrase(project: Project) -> str | None:
    """The passphrase from the environment (``None`` when unset or empty)."""
    value = os.environ.get(project.settings.pseudonymisation.passphrase_env)
    return value or None


def _fernet(secret: str, salt: bytes, params: dict):
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=salt, length=32, n=int(params["n"]), r=int(params["r"]), p=int(params["p"]))
    return Fernet(base64.urlsafe_b64encode(kdf.derive(secret.encode("utf-8"))))


def encrypt(data: bytes, secret: str) -> bytes:
    """Encrypt bytes with a passphrase (header line + Fernet token)."""
    salt = os.urandom(16)
    header = {
        "format": _ENC_FORMAT,
        "version": 1,
        "kdf": "scrypt",
        **_SCRYPT,
        "salt": base64.b64encode(salt).decode(),
    }
    token = _fernet(secret, salt, _SCRYPT).encrypt(data)
    return json.dumps(header).encode() + b"\n" + token


def decrypt(blob: bytes, secret: str, *, path: Path) -> bytes:
    """Decrypt what :func:`encrypt` wrote.

    Raises
    ------
    TransfoError
        When the file is not an encrypted key, or the passphrase is wrong, or the file was altered.
    """
    from cryptography.fernet import InvalidToken

    head, _sep, token = blob.partition(b"\n")
    try:
        header = json.loads(head)
        if header.get("format") != _ENC_FORMAT or header.get("kdf") != "scrypt":
            raise ValueError
        salt = base64.b64decode(header["salt"])
        return _fernet(secret, salt, header).decrypt(token.strip())
    except InvalidToken:
        raise TransfoError(
            _("cannot decrypt the key {path}: wrong passphrase, or the file was altered").format(
                path=path
            ),
            hint=_("check the passphrase; if the file is damaged, restore {backup}").format(
                backup=f"{path.name}.bak"
            ),
        ) from None
    except (ValueError, KeyError, TypeError):
        raise TransfoError(
            _("the key {path} is corrupted (bad header)").format(path=path),
            hint=_("restore {backup}").format(backup=f"{path.name}.bak"),
        ) from None


def read_key(project: Project) -> PseudonymKey:
    """The project's key, or an empty one when none exists yet.

    Parameters
    ----------
    project
        The project whose ``secure/`` folder holds the re-identification key.

    Returns
    -------
    The key (pseudonym of each original), empty when none was written yet.

    Raises
    ------
    TransfoError
        Missing or wrong passphrase for an encrypted key, corrupted file, or both a plain and an
        encrypted key present. Nothing is modified.
    """
    plain, enc = key_paths(project)
    secret = passphrase(project)
    env = project.settings.pseudonymisation.passphrase_env
    if plain.exists() and enc.exists():
        raise TransfoError(
            _("both {plain} and {encrypted} exist in {folder}").format(
                plain=plain.name, encrypted=enc.name, folder=plain.parent
            ),
            hint=_("keep the one in use (normally the encrypted one) and move the other away"),
        )
    if enc.exists():
        if secret is None:
            raise TransfoError(
                _("the key {path} is encrypted and {variable} is not set").format(
                    path=enc, variable=env
                ),
                hint=_("export {variable}=… (the passphrase) and run again").format(variable=env),
            )
        raw = decrypt(enc.read_bytes(), secret, path=enc)
        where = enc
    elif plain.exists():
        raw = plain.read_bytes()
        where = plain
    else:
        return PseudonymKey()
    try:
        return PseudonymKey.from_dict(json.loads(raw.decode("utf-8")))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise TransfoError(
            _("the key {path} is corrupted ({kind}); it was left untouched").format(
                path=where, kind=type(exc).__name__
            ),
            hint=_(
                "restore {backup}, or move the file away to start a new key (pseudonyms will "
                "change)"
            ).format(backup=f"{where.name}.bak"),
        ) from None


def secure_dir(project: Project) -> Path:
    """Create the secure folder (mode 700, git-ignored) and return it."""
    folder = project.secure_dir
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    return folder


def _write_private(path: Path, data: bytes) -> None:
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o600)


def write_key(project: Project, key: PseudonymKey) -> Path:
    """Save the key atomically (encrypted when a
    passphrase is set); the previous one becomes ``.bak``.

    A plain key is replaced by an encrypted one when a passphrase is set (the plain file is
    removed once the encrypted one has been read back). An encrypted key is never downgraded.

    Parameters
    ----------
    project
        The project whose ``secure/`` folder receives the key.
    key
        The key to save.

    Returns
    -------
    The path of the key file written.
    """
    folder = secure_dir(project)
    plain, enc = key_paths(project)
    secret = passphrase(project)
    if secret is None and enc.exists():
        env = project.settings.pseudonymisation.passphrase_env
        raise TransfoError(
            _("the key {path} is encrypted and {variable} is not set").format(
                path=enc, variable=env
            ),
            hint=_("export {variable}=… (the passphrase) and run again").format(variable=env),
        )
    target = enc if secret else plain
    raw = json.dumps(key.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")
    data = encrypt(raw, secret) if secret else raw
    with atomic_path(target) as tmp:
        _write_private(tmp, data)
        check = decrypt(tmp.read_bytes(), secret, path=tmp) if secret else tmp.read_bytes()
        if check != raw:  # pragma: no cover - disk trouble
            raise TransfoError(
                _("the key could not be written correctly in {folder}").format(folder=folder)
            )
        if target.exists():
            backup = target.with_name(target.name + ".bak")
            _write_private(backup, target.read_bytes())
    if secret and plain.exists():
        plain.unlink()
        stale = plain.with_name(plain.name + ".bak")
        stale.unlink(missing_ok=True)
    _fsync_dir(folder)
    return target


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not on every platform
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
