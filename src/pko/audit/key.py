"""The key of the audit chain, kept outside the database: PKO_AUDIT_KEY, or in development a local key file."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pko.config import get_settings
from pko.errors import QueryError


def chain_key() -> bytes:
    """The chain's HMAC key: PKO_AUDIT_KEY; in development else the key file, created on first use."""
    settings = get_settings()
    if settings.audit_key:
        return settings.audit_key.encode("utf-8")
    if settings.environment != "development":
        raise QueryError(f"PKO_AUDIT_KEY is not set; set it before running with PKO_ENVIRONMENT={settings.environment}")
    path = Path(settings.audit_key_file).expanduser()
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip().encode("utf-8")
