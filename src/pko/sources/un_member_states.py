"""Reader of un_member_states_193.csv: the 193 members with codes, M49 regions and UN regional group."""

from __future__ import annotations

from pathlib import Path

from pko.registry.models import MemberState
from pko.sources.base import Batch, blank, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "member-states"
COMMAND = "member-states"
TITLE = "UN member states (193)"
FILES = ("un_member_states/un_member_states_193.csv",)
COLUMNS = (
    "iso3", "iso2", "m49", "name", "m49_english_name", "m49_region", "m49_subregion",
    "m49_intermediate_region", "un_regional_group", "regional_group_note",
)
GROUPS = {"African Group", "Asia-Pacific Group", "Eastern European Group", "GRULAC", "WEOG"}


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """Validate codes and groups; empty optional cells become None."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    # Namibia's alpha-2 code is "NA", which tools that read it as "missing" leave blank.
    lost = (frame["iso3"] == "NAM") & blank(frame["iso2"], ("",))
    frame.loc[lost, "iso2"] = "NA"
    report.repair("Namibia's ISO2 'NA' restored (lost as a missing value)", lost.sum())
    for field in ("iso3", "iso2", "name", "un_regional_group"):
        empty = blank(frame[field], ("",))
        if empty.any():
            raise SourceError(path, row_number(empty.idxmax()), field, "value missing")
    for field, length in (("iso3", 3), ("iso2", 2)):
        wrong = ~frame[field].str.fullmatch(rf"[A-Z]{{{length}}}")
        if wrong.any():
            first = wrong.idxmax()
            raise SourceError(path, row_number(first), field, f"'{frame.at[first, field]}' is not {length} capital letters")
        twice = frame[field].duplicated()
        if twice.any():
            first = twice.idxmax()
            raise SourceError(path, row_number(first), field, f"'{frame.at[first, field]}' appears twice")
    unknown = ~frame["un_regional_group"].isin(GROUPS)
    if unknown.any():
        first = unknown.idxmax()
        raise SourceError(path, row_number(first), "un_regional_group", f"'{frame.at[first, 'un_regional_group']}' is not a UN regional group")
    m49 = parse_numbers(path, frame, "m49", integer=True)
    frame = frame.assign(m49=m49).rename(columns={"un_regional_group": "regional_group"})
    for field in ("m49_region", "m49_subregion", "m49_intermediate_region", "regional_group_note"):
        frame[field] = frame[field].where(~blank(frame[field]), None)
    frame["source_row"] = frame.index + 2
    batch = Batch()
    batch.add(MemberState, frame)
    return batch
