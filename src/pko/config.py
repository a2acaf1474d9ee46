"""Settings of PKO, read from the environment (prefix PKO_) or a .env file."""

from __future__ import annotations

import ipaddress
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret"  # the former default: refused everywhere, anyone can sign with it
MIN_SECRET_LENGTH = 32
PROCESS_SECRET = secrets.token_urlsafe(32)  # development without PKO_SECRET_KEY: cookies die with the process
CHECKOUT = Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """The shared data folder beside the checkout, else ./data."""
    beside = CHECKOUT.parent / "shared" / "data"
    return beside if beside.is_dir() else Path.cwd() / "data"


class Settings(BaseSettings):
    """Every setting of PKO; each one is documented in README.md (a test checks)."""

    model_config = SettingsConfigDict(env_prefix="PKO_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///pko.sqlite3"
    data_dir: Path = default_data_dir()
    secret_key: str | None = None
    environment: str = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    fetch_base_url: str | None = None
    council_year: int | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "pko@localhost"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    consultation_lead_weeks: int = 4
    max_body_bytes: int = 1_000_000
    max_upload_bytes: int = 20_000_000
    audit_key: str | None = None
    audit_key_file: Path = Path("~/.config/pko/audit.key")

    @model_validator(mode="after")
    def _refuse_weak_secret(self) -> "Settings":
        if self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError("PKO_SECRET_KEY is the published former default; set a random value of its own")
        if self.environment != "development":
            if self.secret_key is None:
                raise ValueError(f"PKO_SECRET_KEY must be set before running with PKO_ENVIRONMENT={self.environment}")
            if len(self.secret_key) < MIN_SECRET_LENGTH:
                raise ValueError(f"PKO_SECRET_KEY needs at least {MIN_SECRET_LENGTH} characters with "
                                 f"PKO_ENVIRONMENT={self.environment} (it has {len(self.secret_key)})")
            if not self.audit_key or len(self.audit_key) < MIN_SECRET_LENGTH:
                raise ValueError(f"PKO_AUDIT_KEY must be set, with at least {MIN_SECRET_LENGTH} characters, before running "
                                 f"with PKO_ENVIRONMENT={self.environment}: it keys the audit chain and is kept outside "
                                 "the database")
        return self

    @property
    def signing_key(self) -> str:
        """The secret that signs cookies: PKO_SECRET_KEY, else one drawn at random for this process (development)."""
        return self.secret_key or PROCESS_SECRET

    def refuse_exposed(self, host: str) -> None:
        """Refuse to listen beyond this machine without a secret key of PKO's own (ValueError with the reason)."""
        if self.secret_key is None and not loopback(host):
            raise ValueError(f"refusing to listen on {host} without PKO_SECRET_KEY: without it PKO signs cookies with a "
                             "key of this process and serves this machine alone (127.0.0.1); set PKO_SECRET_KEY "
                             f"(at least {MIN_SECRET_LENGTH} random characters) to serve others")


def loopback(host: str) -> bool:
    """True for an address of this machine alone (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
