"""Settings of PKO, read from the environment (prefix PKO_) or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret"
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
    secret_key: str = DEVELOPMENT_SECRET
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
    def _refuse_default_secret(self) -> "Settings":
        if self.environment != "development" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError(
                "PKO_SECRET_KEY is left at its development default; "
                f"set it before running with PKO_ENVIRONMENT={self.environment}"
            )
        return self


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
