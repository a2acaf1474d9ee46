"""Telling owners: overdue items flagged once, and every notice mailed once to the owner's users through SMTP."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.engine import Engine

from pko.actions import service
from pko.actions.lifecycle import PENDING
from pko.actions.models import ActionItem, ActionNotice
from pko.auth.models import User
from pko.config import Settings
from pko.db import session_scope


@dataclass(frozen=True)
class Mailbox:
    """Where and how mail is sent."""

    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False


@dataclass
class NoticeRun:
    """What one run did: items newly found overdue, notices mailed, notices left for a later run, failures."""

    flagged: list[int] = field(default_factory=list)
    mailed: int = 0
    messages: int = 0
    unaddressed: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)


def mailbox(settings: Settings) -> Mailbox | None:
    """The configured SMTP server, or None when PKO_SMTP_HOST is unset (notices then wait in the app)."""
    if not settings.smtp_host:
        return None
    return Mailbox(settings.smtp_host, settings.smtp_port, settings.smtp_from, settings.smtp_user,
                   settings.smtp_password, settings.smtp_starttls)


def addresses(session, organization_code: str) -> list[str]:
    """The e-mail addresses of an organization's active accounts (each once; accounts without one are skipped)."""
    emails = session.scalars(select(User.email).where(User.organization_code == organization_code,
                                                      User.disabled.is_(False), User.email.is_not(None)))
    return sorted(set(emails))


def send(box: Mailbox, recipients: list[str], subject: str, body: str) -> None:
    """Send one message to its recipients."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = box.sender, ", ".join(recipients), subject
    message.set_content(body)
    with smtplib.SMTP(box.host, box.port, timeout=30) as smtp:
        if box.starttls:
            smtp.starttls()
        if box.user:
            smtp.login(box.user, box.password or "")
        smtp.send_message(message)


def flag_overdue(engine: Engine, on: date) -> list[int]:
    """Record an overdue notice (and an in-app message) for each overdue item not yet told at its due date."""
    with session_scope(engine) as session:
        items = session.scalars(select(ActionItem).where(ActionItem.status.in_(PENDING), ActionItem.due_on < on)
                                .order_by(ActionItem.id)).all()
        told = []
        for item in items:
            before = session.scalar(select(ActionNotice.id).where(
                ActionNotice.action_id == item.id, ActionNotice.kind == "overdue",
                ActionNotice.owner_code == item.owner_code, ActionNotice.due_on == item.due_on))
            if before is None:
                service.tell(session, item, "overdue", service.overdue_text(item))
                told.append(item.id)
        return told


def run(engine: Engine, *, on: date, box: Mailbox | None) -> NoticeRun:
    """Flag overdue items, then mail every notice not mailed yet, each in its own transaction."""
    result = NoticeRun(flagged=flag_overdue(engine, on))
    with session_scope(engine) as session:
        waiting = session.scalars(select(ActionNotice.id).where(ActionNotice.mailed_at.is_(None))
                                  .order_by(ActionNotice.id)).all()
    for notice_id in waiting:
        with session_scope(engine) as session:
            notice = session.get(ActionNotice, notice_id)
            item = session.get(ActionItem, notice.action_id)
            recipients = addresses(session, notice.owner_code)
            if not recipients:
                notice.mailed_at, notice.recipients = service.utcnow(), []  # nobody to mail: told in the app only
                result.unaddressed += 1
                continue
            if box is None:
                result.pending += 1
                continue
            text = service.overdue_text(item) if notice.kind == "overdue" else service.assigned_text(item)
            subject = f"[PKO] action item {item.id} {'overdue' if notice.kind == 'overdue' else 'assigned'}: {item.title}"[:200]
            try:
                send(box, recipients, subject, f"{text}\n\nSee {service.page_link(item.owner_code, item.id)} on PKO.\n")
            except (OSError, smtplib.SMTPException) as error:
                result.errors.append(f"action item {item.id}: {error}")
                result.pending += 1
                continue
            notice.mailed_at, notice.recipients = service.utcnow(), recipients
            result.mailed += 1
            result.messages += len(recipients)
    return result
