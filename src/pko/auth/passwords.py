"""Password hashing (argon2) and the policy that slows, then locks, repeated failed logins (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

HASHER = PasswordHasher()
MIN_LENGTH = 12


def hash_password(password: str) -> str:
    """An argon2id hash of a password that meets the length rule."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"a password needs at least {MIN_LENGTH} characters")
    return HASHER.hash(password)


def weakness(password: str, username: str = "") -> str | None:
    """Why a new password is too weak, or None: long enough, not built on the username, not one repeated pattern."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if username and username.casefold() in password.casefold():
        return "a password must not contain the username"
    if len(set(password)) < 5:
        return "a password needs at least 5 different characters"
    return None


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the hash."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class LoginPolicy:
    """After `slow_after` failures each try waits longer (doubling); after `lock_after` the key locks for
    `lock_for`; failures are forgotten at a success or once `forget_after` has passed since the last wait ended."""

    slow_after: int = 3
    lock_after: int = 10
    first_wait: timedelta = timedelta(seconds=2)
    lock_for: timedelta = timedelta(minutes=15)
    forget_after: timedelta = timedelta(hours=1)

    def next_attempt(self, failures: int, now: datetime) -> datetime | None:
        """When the next login may be tried after this many consecutive failures (None: at once)."""
        if failures >= self.lock_after:
            return now + self.lock_for
        if failures >= self.slow_after:
            return now + self.first_wait * 2 ** (failures - self.slow_after)
        return None
