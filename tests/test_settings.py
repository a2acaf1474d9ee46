"""Settings: the secret key is refused at its default outside development; every setting is documented."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from pko.config import CHECKOUT, DEVELOPMENT_SECRET, Settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, tmp_path):
    for name in ("PKO_SECRET_KEY", "PKO_ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env file


@pytest.mark.parametrize("environment", ["production", "staging"])
def test_default_secret_key_is_refused_outside_development(monkeypatch, environment):
    monkeypatch.setenv("PKO_ENVIRONMENT", environment)
    with pytest.raises(ValidationError, match="PKO_SECRET_KEY"):
        Settings()
    monkeypatch.setenv("PKO_SECRET_KEY", DEVELOPMENT_SECRET)
    with pytest.raises(ValidationError, match="PKO_SECRET_KEY"):
        Settings()


def test_a_real_secret_key_is_accepted_in_production(monkeypatch):
    monkeypatch.setenv("PKO_ENVIRONMENT", "production")
    monkeypatch.setenv("PKO_SECRET_KEY", "a-long-random-value")
    assert Settings().secret_key == "a-long-random-value"


def test_development_runs_with_the_default_secret_key():
    settings = Settings()
    assert (settings.environment, settings.secret_key) == ("development", DEVELOPMENT_SECRET)


def test_a_dotenv_file_is_read(tmp_path):
    (tmp_path / ".env").write_text("PKO_PORT=8123\n", encoding="utf-8")
    assert Settings().port == 8123


def test_every_setting_is_documented_in_the_readme():
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(PKO_[A-Z_]+)`", readme))
    settings = {f"PKO_{name.upper()}" for name in Settings.model_fields}
    assert settings <= documented, f"not documented in README.md: {sorted(settings - documented)}"
