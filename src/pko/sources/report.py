"""What a reader tells about a file: counts, repairs by rule, skips by rule, notes; and its errors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


class SourceError(Exception):
    """A file that cannot be imported: names the file, the row (1 = header), the field and the reason."""

    def __init__(self, path: Path | str, row: int | None, field_name: str | None, reason: str):
        self.path, self.row, self.field, self.reason = Path(path), row, field_name, reason
        where = f"{self.path.name}"
        if row is not None:
            where += f", row {row}"
        if field_name is not None:
            where += f", field '{field_name}'"
        super().__init__(f"{where}: {reason}")


@dataclass
class ImportReport:
    """Counts and rules applied while reading one file."""

    source: str
    path: Path
    rows_read: int = 0
    rows_stored: int = 0
    repairs: Counter = field(default_factory=Counter)
    skips: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def repair(self, rule: str, count: int = 1) -> None:
        """Count rows changed by a repair rule (rules with a zero count are not listed)."""
        if count:
            self.repairs[rule] += int(count)

    def skip(self, rule: str, count: int = 1) -> None:
        """Count rows left out by a rule."""
        if count:
            self.skips[rule] += int(count)

    def note(self, text: str) -> None:
        """Record a fact about the file that is not a count (e.g. which dating rule applied)."""
        self.notes.append(text)

    @property
    def rows_skipped(self) -> int:
        return sum(self.skips.values())

    @property
    def rows_repaired(self) -> int:
        return sum(self.repairs.values())
