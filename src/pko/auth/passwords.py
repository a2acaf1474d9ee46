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


# Words that lead the published lists of leaked passwords; a password made of them and digits is guessed first.
COMMON_WORDS = ("password", "passw0rd", "qwerty", "azerty", "letmein", "welcome", "admin", "iloveyou", "monkey",
                "dragon", "football", "baseball", "sunshine", "princess", "abc123", "secret", "changeme", "peacekeeping")
SEQUENCES = ("0123456789" * 2, "abcdefghijklmnopqrstuvwxyz" * 2, "qwertyuiopasdfghjklzxcvbnm")


def _sequential(text: str) -> bool:
    """True when the text runs along a sequence (123456789012, abcdefghijkl, qwertyuiop), either way."""
    return any(text in sequence or text[::-1] in sequence for sequence in SEQUENCES)


def weakness(password: str, username: str = "") -> str | None:
    """Why a new password is too weak, or None: long enough, not built on the username, not one repeated pattern,
    not a common word padded with digits or symbols, not a run along the keyboard or the alphabet."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if username and username.casefold() in password.casefold():
        return "a password must not contain the username"
    if len(set(password)) < 5:
        return "a password needs at least 5 different characters"
    folded = password.casefold()
    letters = "".join(c for c in folded if c.isalpha())
    if any(word in folded for word in COMMON_WORDS) and len(letters) <= len(max(COMMON_WORDS, key=len)):
        return "a password must not be a common password with digits or symbols added (e.g. password1234)"
    if _sequential(folded):
        return "a password must not be a run of keys or digits such as 123456789012 or qwertyuiop"
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
