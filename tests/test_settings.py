"""Settings: a secret key of PKO's own, long enough, outside development (and to serve beyond this machine);
the former default refused everywhere; every setting is documented."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from pko.config import CHECKOUT, get_settings, DEVELOPMENT_SECRET, MIN_SECRET_LENGTH, Settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, tmp_path):
    for name in ("PKO_SECRET_KEY", "PKO_ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env file
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize("environment", ["production", "staging"])
def test_default_secret_key_is_refused_outside_development(monkeypatch, environment):
    monkeypatch.setenv("PKO_ENVIRONMENT", environment)
    with pytest.raises(ValidationError, match="PKO_SECRET_KEY"):
        Settings()
    monkeypatch.setenv("PKO_SECRET_KEY", DEVELOPMENT_SECRET)
    with pytest.raises(ValidationError, match="PKO_SECRET_KEY"):
        Settings()


LONG_SECRET = "k3Jd9-fQ2xLw7TzR0pVb4Nc8YhUe6AsG1mOi5"


def test_a_real_secret_key_is_accepted_in_production(monkeypatch):
    monkeypatch.setenv("PKO_ENVIRONMENT", "production")
    monkeypatch.setenv("PKO_SECRET_KEY", LONG_SECRET)
    monkeypatch.setenv("PKO_AUDIT_KEY", LONG_SECRET[::-1])
    assert Settings().signing_key == LONG_SECRET


def test_production_needs_an_audit_key_of_its_own(monkeypatch):
    monkeypatch.setenv("PKO_ENVIRONMENT", "production")
    monkeypatch.setenv("PKO_SECRET_KEY", LONG_SECRET)
    with pytest.raises(ValidationError, match="PKO_AUDIT_KEY must be set"):
        Settings()
    monkeypatch.setenv("PKO_AUDIT_KEY", "short")
    with pytest.raises(ValidationError, match="PKO_AUDIT_KEY must be set"):
        Settings()


def test_a_short_secret_key_is_refused_in_production(monkeypatch):
    monkeypatch.setenv("PKO_ENVIRONMENT", "production")
    monkeypatch.setenv("PKO_SECRET_KEY", "x")
    with pytest.raises(ValidationError, match=f"at least {MIN_SECRET_LENGTH} characters"):
        Settings()
    monkeypatch.setenv("PKO_SECRET_KEY", LONG_SECRET[:MIN_SECRET_LENGTH - 1])
    with pytest.raises(ValidationError, match=f"at least {MIN_SECRET_LENGTH} characters"):
        Settings()


def test_the_former_default_secret_key_is_refused_even_in_development(monkeypatch):
    monkeypatch.setenv("PKO_SECRET_KEY", DEVELOPMENT_SECRET)
    with pytest.raises(ValidationError, match="former default"):
        Settings()


def test_development_without_a_secret_key_signs_with_a_random_key_of_the_process():
    settings = Settings()
    assert settings.environment == "development" and settings.secret_key is None
    assert settings.signing_key != DEVELOPMENT_SECRET and len(settings.signing_key) >= MIN_SECRET_LENGTH
    assert settings.signing_key == Settings().signing_key


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "pko.example.org"])
def test_serving_beyond_this_machine_without_a_secret_key_is_refused(run_cli, host):
    refused = run_cli("serve", "--host", host)
    assert refused.exit_code == 1
    assert f"refusing to listen on {host} without PKO_SECRET_KEY" in refused.output


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost"])
def test_loopback_hosts_are_served_without_a_secret_key(host):
    Settings().refuse_exposed(host)


def test_any_host_is_served_with_a_secret_key_of_its_own(monkeypatch):
    monkeypatch.setenv("PKO_SECRET_KEY", LONG_SECRET)
    Settings().refuse_exposed("0.0.0.0")


def test_a_dotenv_file_is_read(tmp_path):
    (tmp_path / ".env").write_text("PKO_PORT=8123\n", encoding="utf-8")
    assert Settings().port == 8123


def test_every_setting_is_documented_in_the_readme():
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(PKO_[A-Z_]+)`", readme))
    settings = {f"PKO_{name.upper()}" for name in Settings.model_fields}
    assert settings <= documented, f"not documented in README.md: {sorted(settings - documented)}"
