"""The life of action items, support requests and joint reviews, and when an item is overdue (pure)."""

from __future__ import annotations

from datetime import date

STATUSES = ("open", "in progress", "done", "dropped")
NEXT = {
    "open": ("in progress", "done", "dropped"),
    "in progress": ("open", "done", "dropped"),
    "done": ("in progress",),  # reopened when the work turns out unfinished
    "dropped": ("open",),
}
PENDING = ("open", "in progress")

# What an action item may concern: the records of PKO's domains, by the name each domain gives them.
RECORD_TYPES = ("pledge", "requirement", "incident", "budget", "decision", "meeting", "mandate", "mission",
                "support-request", "joint-review", "partnership-need", "partnership-offer", "assessment", "payment")

REQUEST_KINDS = ("logistics", "financing-2719", "other")
REQUEST_NEXT = {
    "submitted": ("under review", "withdrawn"),
    "under review": ("approved", "declined", "withdrawn"),
    "approved": ("delivered",),
    "declined": (),
    "withdrawn": (),
    "delivered": (),
}
REVIEW_NEXT = {"planned": ("held", "cancelled"), "held": ("reported",), "reported": (), "cancelled": ()}


def check_step(kind: str, table: dict[str, tuple[str, ...]], status: str, new: str) -> None:
    """Refuse a change of status the life of the item does not allow."""
    if new == status:
        return
    if new not in table:
        raise ValueError(f"'{new}' is not a status of a {kind}; statuses: {', '.join(table)}")
    if new not in table.get(status, ()):
        allowed = ", ".join(table.get(status, ())) or "none"
        raise ValueError(f"a {kind} that is {status} cannot become {new}; next: {allowed}")


def overdue(due_on: date, status: str, today: date) -> bool:
    """True when the due date has passed and the item is still open or in progress."""
    return status in PENDING and due_on < today


def parse_link(text: str) -> tuple[str, int]:
    """A link written TYPE:ID (e.g. pledge:12), or an error saying the form."""
    record_type, _, record_id = text.strip().partition(":")
    if record_type not in RECORD_TYPES:
        raise ValueError(f"'{record_type}' is not a record type; types: {', '.join(RECORD_TYPES)}")
    if not record_id.isascii() or not record_id.isdigit() or not 0 < int(record_id) < 2**31:
        raise ValueError(f"'{text}' names no record id: write TYPE:ID, e.g. pledge:12")
    return record_type, int(record_id)
