"""Sign-in limits under attack: parallel guesses are counted atomically, an attacker's slow guesses do not keep
the owner out of a known device, failures are forgotten, unknown and known names answer alike."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from pko.auth import service
from pko.auth.signin import service as signin
from pko.auth.models import SignInLimit
from pko.auth.passwords import LoginPolicy
from pko.config import get_settings
from pko.db import session_scope
from tests.browser import serve

PASSWORD = "correct horse battery"
WRONG = "wrong horse battery"


@pytest.fixture
def ada(engine):
    with session_scope(engine) as session:
        service.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                            roles=["secretariat-admin"], actor="test")
    return engine


@pytest.fixture
def client(ada, database_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app(), follow_redirects=False)
    get_settings.cache_clear()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def sign_in(client, username: str = "ada", password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password, "csrf": _csrf(client.get("/login").text)})


def test_100_parallel_wrong_passwords_evaluate_at_most_the_policy(ada):
    policy, at = LoginPolicy(), service.utcnow()
    start = threading.Barrier(20)

    def guess(number: int):
        if number < 20:
            start.wait()
        with session_scope(ada) as session:
            return signin.authenticate(session, username="ada", password=f"{WRONG} {number}", at=at)

    with ThreadPoolExecutor(20) as pool:
        outcomes = list(pool.map(guess, range(100)))
    evaluated = [login for login in outcomes if login.reason == signin.WRONG]
    assert len(evaluated) <= policy.slow_after
    assert all(login.user is None for login in outcomes)
    with session_scope(ada) as session:
        assert session.get(SignInLimit, "account:ada").failures == len(evaluated)


def test_parallel_sign_ins_over_http_are_limited_and_the_right_one_is_not_evaluated_past_the_limit(ada, database_url):
    with serve(database_url) as base, httpx.Client(base_url=base) as browser:
        csrf = _csrf(browser.get("/login").text)
        cookies = dict(browser.cookies)
        barrier = threading.Barrier(40)

        def post(number: int) -> int:
            barrier.wait()
            password = PASSWORD if number == 35 else f"{WRONG} {number}"
            return httpx.post(f"{base}/login", data={"username": "ada", "password": password, "csrf": csrf},
                              cookies=cookies, timeout=60).status_code

        with ThreadPoolExecutor(40) as pool:
            statuses = list(pool.map(post, range(40)))
    wrong = [status for number, status in enumerate(statuses) if number != 35]
    assert wrong.count(401) + wrong.count(429) == 39 and wrong.count(429) >= 39 - LoginPolicy().lock_after
    assert statuses.count(303) <= 1


def test_a_slow_attacker_does_not_keep_the_owner_out_of_a_known_device(ada):
    policy = LoginPolicy()
    at = service.utcnow()
    with session_scope(ada) as session:  # the owner signed in from this browser before
        assert signin.authenticate(session, username="ada", password=PASSWORD, device_of="ada", device="laptop", at=at).user
    for _ in range(12):  # an attacker guesses from elsewhere as soon as each wait ends, for hours
        with session_scope(ada) as session:
            login = signin.authenticate(session, username="ada", password=WRONG, client="203.0.113.9", at=at)
        guessed, at = at, max(at, login.retry_at or at) + timedelta(seconds=1)
    at = guessed + timedelta(seconds=1)
    with session_scope(ada) as session:
        locked = signin.authenticate(session, username="ada", password=PASSWORD, client="198.51.100.7", at=at)
        assert locked.user is None and locked.retry_at >= at + policy.lock_for - timedelta(seconds=2)
    with session_scope(ada) as session:
        owner = signin.authenticate(session, username="ada", password=PASSWORD, client="198.51.100.7",
                                    device_of="ada", device="laptop", at=at)
        assert owner.user is not None and owner.user.username == "ada"
    with session_scope(ada) as session:  # a device cookie of another account does not open this one
        other = signin.authenticate(session, username="ada", password=PASSWORD, device_of="bob", device="laptop", at=at)
        assert other.user is None


def test_the_known_device_cookie_opens_a_locked_account_over_http(client, ada):
    assert sign_in(client).status_code == 303 and "pko_device" in client.cookies
    client.post("/logout", headers={"X-CSRF-Token": re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/").text).group(1)})
    with session_scope(ada) as session:
        session.add(SignInLimit(key="account:ada", failures=12, next_attempt_at=service.utcnow() + timedelta(minutes=15)))
    stranger = TestClient(client.app, follow_redirects=False)
    refused = sign_in(stranger)
    assert refused.status_code == 429 and 890 <= int(refused.headers["retry-after"]) <= 900
    assert sign_in(client).status_code == 303


def test_failures_are_forgotten_after_a_success_and_after_a_while(ada):
    policy, at = LoginPolicy(), service.utcnow()
    for _ in range(2):
        with session_scope(ada) as session:
            signin.authenticate(session, username="ada", password=WRONG, at=at)
    with session_scope(ada) as session:
        assert signin.authenticate(session, username="ada", password=PASSWORD, at=at).user is not None
        assert session.get(SignInLimit, "account:ada") is None
    for _ in range(policy.lock_after):
        with session_scope(ada) as session:
            login = signin.authenticate(session, username="ada", password=WRONG, at=at)
        at = max(at, login.retry_at or at)
    later = at + policy.lock_for + policy.forget_after
    with session_scope(ada) as session:
        wrong = signin.authenticate(session, username="ada", password=WRONG, at=later)
        assert wrong.reason == signin.WRONG and wrong.retry_at is None
        assert session.get(SignInLimit, "account:ada").failures == 1


def test_retry_after_is_rounded_up(client, ada, monkeypatch):
    now = service.utcnow()
    monkeypatch.setattr(service, "utcnow", lambda: now)
    monkeypatch.setattr(signin, "utcnow", lambda: now)
    with session_scope(ada) as session:
        session.add(SignInLimit(key="account:ada", failures=4, next_attempt_at=now + timedelta(seconds=1.2)))
    answer = sign_in(client)
    assert answer.status_code == 429 and answer.headers["retry-after"] == "2"


def test_an_unknown_name_answers_as_a_wrong_password_and_costs_the_same_hash(client, monkeypatch):
    checked = []
    real = signin.verify_password
    monkeypatch.setattr(signin, "verify_password", lambda hashed, password: checked.append(hashed) or real(hashed, password))
    known = [sign_in(client, "ada", WRONG) for _ in range(4)]
    unknown = [sign_in(client, "nobody", WRONG) for _ in range(4)]
    assert [a.status_code for a in known] == [a.status_code for a in unknown] == [401, 401, 429, 429]
    assert ["retry-after" in a.headers for a in known] == ["retry-after" in a.headers for a in unknown]
    assert len(checked) == 6 and checked[3:] == [signin.UNKNOWN_USER_HASH] * 3
    assert {a.text.count("unknown user or wrong password") for a in known[:2] + unknown[:2]} == {1}


def test_a_client_address_that_guesses_a_lot_is_slowed_on_every_name_but_a_known_device_is_not(ada):
    at = service.utcnow()
    for number in range(signin.CLIENT_POLICY.slow_after):
        with session_scope(ada) as session:
            signin.authenticate(session, username=f"name{number}", password=WRONG, client="203.0.113.9", at=at)
    with session_scope(ada) as session:
        slowed = signin.authenticate(session, username="ada", password=PASSWORD, client="203.0.113.9", at=at)
        assert slowed.user is None and slowed.retry_at > at and "your address" in slowed.reason
    with session_scope(ada) as session:
        owner = signin.authenticate(session, username="ada", password=PASSWORD, client="203.0.113.9",
                                    device_of="ada", device="laptop", at=at)
        assert owner.user is not None


def test_many_people_behind_one_address_sign_in_without_waiting(ada):
    """An office's sign-ins from one address never add up to a wait: each success takes back its own try."""
    at = service.utcnow()
    with session_scope(ada) as session:
        for n in range(signin.CLIENT_POLICY.lock_after + 5):
            login = signin.authenticate(session, username="ada", password=PASSWORD, client="10.0.0.1",
                                        at=at + timedelta(seconds=n))
            assert login.user is not None, f"sign-in {n + 1} from the office refused: {login.reason}"
