"""Notices to owners: an overdue item mails its owner's users once, through SMTP, and never again on later runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from pko.actions import notify, service
from pko.actions.models import ActionNotice
from pko.actions.schemas import ActionCreate
from pko.db import session_scope

TODAY = date(2026, 3, 2)


def _add(engine, owner: str, due_on: date, title: str = "Deliver the support package") -> int:
    with session_scope(engine) as session:
        return service.create_action(session, data=ActionCreate(title=title, owner=owner, due_on=due_on), actor="test").id



def test_an_overdue_action_notifies_its_owner_once(engine, tokens, smtp_sink):
    box = notify.Mailbox("127.0.0.1", smtp_sink.port, "pko@example.org")
    late = _add(engine, "AU-COMMISSION", TODAY - timedelta(days=3))
    _add(engine, "AU-COMMISSION", TODAY + timedelta(days=3), "Not due yet")

    first = notify.run(engine, on=TODAY, box=box)
    assert first.flagged == [late] and first.errors == []
    overdue = [(sorted(to), text) for to, text in smtp_sink.received if f"action item {late} overdue" in text]
    assert len(overdue) == 1
    assert overdue[0][0] == ["desk@au.example.org", "ops@au.example.org"]
    assert "From: pko@example.org" in overdue[0][1]
    # the two assignments were mailed in the same run, once each
    assert len(smtp_sink.received) == 3 and first.mailed == 3

    second = notify.run(engine, on=TODAY, box=box)
    third = notify.run(engine, on=TODAY + timedelta(days=1), box=box)
    assert (second.flagged, second.mailed, third.flagged, third.mailed) == ([], 0, [], 0)
    assert len(smtp_sink.received) == 3


def test_a_new_due_date_that_passes_notifies_again(engine, tokens, smtp_sink):
    box = notify.Mailbox("127.0.0.1", smtp_sink.port, "pko@example.org")
    late = _add(engine, "AU-COMMISSION", TODAY - timedelta(days=1))
    notify.run(engine, on=TODAY, box=box)
    with session_scope(engine) as session:
        from pko.actions.schemas import ActionFields

        service.update_action(session, action_id=late, expected_version=1,
                              fields=ActionFields(due_on=TODAY + timedelta(days=5)), actor="test")
    assert notify.run(engine, on=TODAY + timedelta(days=2), box=box).flagged == []
    assert notify.run(engine, on=TODAY + timedelta(days=6), box=box).flagged == [late]
    assert sum(f"action item {late} overdue" in text for _, text in smtp_sink.received) == 2


def test_notices_wait_when_no_mail_server_is_set_or_it_is_down(engine, tokens, smtp_sink):
    late = _add(engine, "AU-COMMISSION", TODAY - timedelta(days=1))
    waiting = notify.run(engine, on=TODAY, box=None)
    assert waiting.flagged == [late] and waiting.pending == 2 and smtp_sink.received == []
    down = notify.run(engine, on=TODAY, box=notify.Mailbox("127.0.0.1", 1, "pko@example.org"))
    assert down.pending == 2 and len(down.errors) == 2 and down.mailed == 0
    sent = notify.run(engine, on=TODAY, box=notify.Mailbox("127.0.0.1", smtp_sink.port, "pko@example.org"))
    assert (sent.flagged, sent.mailed, len(smtp_sink.received)) == ([], 2, 2)


def test_mail_goes_to_the_e_mail_address_of_each_active_account_once(engine, tokens, smtp_sink):
    with session_scope(engine) as session:
        from pko.auth import service as accounts
        from pko.auth.schemas import UserFields

        # a user name that looks like an address is no address: only the e-mail column is
        accounts.create_user(session, username="liaison@au.example.org", password="correct horse battery",
                             organization_code="AU-COMMISSION", roles=["au-officer"], actor="test")
        accounts.create_user(session, username="au-desk2", password="correct horse battery",
                             organization_code="AU-COMMISSION", roles=["au-officer"], email="desk@AU.example.org",
                             actor="test")
        accounts.update_user(session, username="au-ops", expected_version=1,
                             fields=UserFields(email="operations@au.example.org"), actor="test")
        accounts.create_user(session, username="au-gone", password="correct horse battery",
                             organization_code="AU-COMMISSION", roles=["au-officer"], email="gone@au.example.org",
                             actor="test")
        accounts.disable_user(session, username="au-gone", actor="test")
    _add(engine, "AU-COMMISSION", TODAY + timedelta(days=3))
    result = notify.run(engine, on=TODAY, box=notify.Mailbox("127.0.0.1", smtp_sink.port, "pko@example.org"))
    # one notice (the assignment), one message, to two addresses: a shared address once, no disabled account
    assert (result.mailed, result.messages, len(smtp_sink.received)) == (1, 2, 1)
    assert sorted(smtp_sink.received[0][0]) == ["desk@au.example.org", "operations@au.example.org"]


def test_an_owner_without_addresses_is_told_in_the_app_only(engine, tokens, smtp_sink):
    _add(engine, "UN-DPO", TODAY - timedelta(days=1))  # no account of UN-DPO has an e-mail address
    result = notify.run(engine, on=TODAY, box=notify.Mailbox("127.0.0.1", smtp_sink.port, "pko@example.org"))
    assert (result.unaddressed, result.mailed, smtp_sink.received) == (2, 0, [])
    with session_scope(engine) as session:
        assert all(n.mailed_at is not None for n in session.scalars(select(ActionNotice)))
        told = service.notifications_of(session, username="ada", organization_code="UN-DPO")
    assert len(told) == 2 and "is overdue since" in told[0].text and "assigned to UN-DPO" in told[1].text


def test_the_command_notifies_once_through_the_configured_server(engine, tokens, smtp_sink, run_cli, monkeypatch):
    monkeypatch.setenv("PKO_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PKO_SMTP_PORT", str(smtp_sink.port))
    added = run_cli("actions", "add", "Report on the convoy", "--org", "DELEGATION-FRA", "--due", "2020-01-31",
                    "--link", "incident:12")
    assert added.exit_code == 0, added.output
    first = run_cli("actions", "notify")
    assert first.exit_code == 0 and "1 item(s) newly overdue; 2 notice(s) mailed in 2 message(s)" in first.output
    assert [to for to, _ in smtp_sink.received] == [["fra2@fra.example.org"], ["fra2@fra.example.org"]]
    again = run_cli("actions", "notify")
    assert "0 item(s) newly overdue; 0 notice(s) mailed" in again.output and len(smtp_sink.received) == 2


@pytest.mark.parametrize("on", ["tomorrow", "2026-13-01"])
def test_the_command_refuses_a_bad_day(run_cli, on):
    answer = run_cli("actions", "notify", "--on", on)
    assert answer.exit_code == 1 and "refused" in answer.output
