"""The public data sets PKO reads, where their publishers put them, and their download with checksums."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

CHECKSUMS = "SHA256SUMS"  # `sha256sum -c SHA256SUMS` checks a fetched folder
GITHUB = "https://raw.githubusercontent.com"
PSDATA = "https://api.psdata.un.org/public"
DATA_HUB_FOLDER = "un_contributions_psdh"  # fetched from the Data Hub's API; not in a copied data folder

PSDATA_PAGE = "https://psdata.un.org (UN Peace and Security Data Hub); HDX organisation 'unpeacesecurity'"
IPI_PAGE = "https://github.com/IPIDataLab/PPP_Loader (IPI Peacekeeping Database, ppp_files/)"
CORINNEE_PAGE = "https://github.com/corinnee/UN_Peacekeeping_Analytics"
GEOPKO_PAGE = "https://www.pcr.uu.se/data/geo-pko/ (Geo-PKO, Uppsala University)"
RADPKO_PAGE = "https://doi.org/10.7910/DVN/BQU5VD (Harvard Dataverse)"
COD_PAGE = "https://data.humdata.org/dataset/cod-ab-mli (OCHA COD on HDX)"
FINANCE_PAGE = "https://github.com/united-nations/open and https://github.com/leops95/unbudget (ST/ADM/SER.B circulars)"


@dataclass(frozen=True)
class DataFile:
    """One file of the data folder: its publisher, licence, where newer releases appear, and a direct URL if any."""

    path: str
    publisher: str
    licence: str
    page: str
    url: str | None = None  # None: assembled from the publisher's data, not downloadable as one file


MANIFEST: tuple[DataFile, ...] = (
    DataFile("un_member_states/un_member_states_193.csv", "OCHA countries taxonomy + UN M49 + countrygroups", "CC BY-IGO / open data", "https://unstats.un.org/unsd/methodology/m49/"),
    DataFile("un_member_states/un-regional-groups_openclimatedata.csv", "Open Climate Data", "CC0", "https://github.com/openclimatedata/un-regional-groups"),
    DataFile("unsc_membership/DPPA-SCMEMBERSHIP_raw.csv", "UN Peace and Security Data Hub (DPPA-SCMEMBERSHIP)", "CC BY-IGO", PSDATA_PAGE, f"{PSDATA}/data/DPPA-SCMEMBERSHIP/csv"),
    DataFile("unsc_membership/DPPA-SCMEMBERSHIP_fixed.csv", "UN Peace and Security Data Hub (blank names filled)", "CC BY-IGO", PSDATA_PAGE),
    DataFile("unsc_membership/unsc_membership_2025-2027_supplement.csv", "UN Charter (Article 23) and General Assembly elections, cited per row",
             "public facts; each row names its source", "https://www.un.org/securitycouncil/content/current-members"),
    DataFile("un_contributions_ipi/ipi_full_gender_data_2009-11_to_2014-08.csv", "International Peace Institute (IPI Peacekeeping Database)", "citation to IPI requested", IPI_PAGE),
    DataFile("un_contributions_ipi/ipi_data_mission_1990-11_to_2017-03.csv", "International Peace Institute (IPI Peacekeeping Database)", "citation to IPI requested", IPI_PAGE),
    DataFile("un_contributions_ipi/ipi_data_monthly.csv", "International Peace Institute (IPI Peacekeeping Database)", "citation to IPI requested", IPI_PAGE),
    DataFile("un_contributions_ipi/ipi_country_monthly_totals_long.csv", "International Peace Institute (IPI Peacekeeping Database)", "citation to IPI requested", IPI_PAGE),
    DataFile("un_contributions_corinnee/CountryByYear.csv", "corinnee/UN_Peacekeeping_Analytics (UN contributions by gender)", "MIT", CORINNEE_PAGE, f"{GITHUB}/corinnee/UN_Peacekeeping_Analytics/1167cb2/CountryByYear.csv"),
    DataFile("un_contributions_corinnee/Rank_2021-01-31.csv", "corinnee/UN_Peacekeeping_Analytics (UN contributor ranking)", "MIT", CORINNEE_PAGE, f"{GITHUB}/corinnee/UN_Peacekeeping_Analytics/1167cb2/Rank.csv"),
    DataFile(f"{DATA_HUB_FOLDER}/DPO-UCHISTORICAL.csv", "UN Peace and Security Data Hub (DPO-UCHISTORICAL)", "CC BY-IGO", PSDATA_PAGE, f"{PSDATA}/data/DPO-UCHISTORICAL/csv"),
    DataFile(f"{DATA_HUB_FOLDER}/DPO-UCLATEST.csv", "UN Peace and Security Data Hub (DPO-UCLATEST)", "CC BY-IGO", PSDATA_PAGE, f"{PSDATA}/data/DPO-UCLATEST/csv"),
    DataFile("owid_un_peacekeeping/un_peacekeeping_year_end_totals.csv", "Our World in Data (UN and GPF figures)", "CC BY 4.0", "https://ourworldindata.org/grapher/size-of-un-peacekeeping-forces"),
    DataFile("un_fatalities/odp_noticas_2021-06.csv", "UN Peace and Security Data Hub (fatalities, 2021 schema)", "CC BY-IGO", PSDATA_PAGE, f"{GITHUB}/melinscribe/A-shrinking-humanitarian-space/f62f6a4/Data/PKO/odp_noticas.csv"),
    DataFile("un_fatalities/dppadposs-fatalities_2023-11-28.csv", "UN Peace and Security Data Hub (DPPADPOSS-FATALITIES)", "CC BY-IGO", f"{PSDATA}/data/DPPADPOSS-FATALITIES/csv; https://data.humdata.org/dataset/peacekeeping-fatalities", f"{GITHUB}/OCHA-DAP/hdx-scraper-peacesecurity/3027458/tests/fixtures/input/dppadposs-fatalities.csv"),
    DataFile("geo_pko/geopko_v1_africa_1994-2018.csv", "Geo-PKO v1 (Cil, Fjelde, Hultman & Nilsson 2020)", "free for research with citation", GEOPKO_PAGE),
    DataFile("geo_pko/FrontMap_v.2.3.csv", "Geo-PKO v2.3", "free for research with citation", GEOPKO_PAGE),
    DataFile("geo_pko/TCCMap_v.2.3.csv", "Geo-PKO v2.3", "free for research with citation", GEOPKO_PAGE),
    DataFile("geo_pko/TTMap_v.2.3.csv", "Geo-PKO v2.3", "free for research with citation", GEOPKO_PAGE),
    DataFile("radpko/radpko_bases_cc_y.csv", "RADPKO (Hunnicutt & Nomikos)", "Dataverse terms, citation required", RADPKO_PAGE),
    DataFile("minusma_qips/qips.csv", "MINUSMA quick-impact projects", "not stated by the publisher", "https://minusma.unmissions.org"),
    DataFile("minusma_qips/cities.csv", "MINUSMA quick-impact projects (city coordinates)", "not stated by the publisher", "https://minusma.unmissions.org"),
    DataFile("mali_geo/mali_settlements_cod_pp.csv", "OCHA COD populated places (Mali, 2015)", "CC0", "https://data.humdata.org/dataset/cod-ps-mli"),
    DataFile("mali_geo/mli_admbnda_adm0_1m_dnct_20190802.geojson", "OCHA COD-AB Mali (2019)", "see the HDX page", COD_PAGE),
    DataFile("mali_geo/mli_admbnda_adm1_1m_dnct_20190802.geojson", "OCHA COD-AB Mali (2019)", "see the HDX page", COD_PAGE),
    DataFile("mali_geo/mli_admbnda_adm2_1m_dnct_20190802.geojson", "OCHA COD-AB Mali (2019)", "see the HDX page", COD_PAGE),
    DataFile("mali_geo/osm_places_mali_niger_burkinafaso_2019-09.csv", "OpenStreetMap contributors", "ODbL", "https://download.geofabrik.de/africa.html"),
    DataFile("un_finance/un_regular_budget_scale_2016-2018.csv", "UN General Assembly resolution 70/245 (scale of assessments)", "UN documents", FINANCE_PAGE),
    DataFile("un_finance/un_regular_budget_scale_2019-2021.csv", "UN General Assembly resolution 73/271 (scale of assessments)", "UN documents", FINANCE_PAGE),
    DataFile("un_finance/un_regular_budget_scale_2022-2024.csv", "UN General Assembly resolution 76/238 (scale of assessments)", "UN documents", FINANCE_PAGE),
    DataFile("un_finance/un_regular_budget_scale_2025-2027.csv", "UN General Assembly resolution 79/249 (scale of assessments)", "UN documents", FINANCE_PAGE),
    DataFile("un_finance/un_regular_budget_assessments_2019-2026.csv", "UN Secretariat assessment circulars and honour roll", "UN documents", FINANCE_PAGE),
    DataFile("un_finance/un_regular_budget_assessments_2000-2020_leops95.csv", "leops95/unbudget (UN assessment circulars)", "see the repository", FINANCE_PAGE),
    DataFile("un_finance/un_regular_budget_payments_2000-2020_leops95.csv", "leops95/unbudget (UN honour roll)", "see the repository", FINANCE_PAGE),
    DataFile("un_finance/pko_mission_expenditure_audited_2018-19_to_2020-21.csv", "UN audited financial statements (peacekeeping)", "UN documents", FINANCE_PAGE),
    DataFile("un_finance/pko_approved_budget_totals_PARTIAL.csv", "UN press releases (approved peacekeeping totals)", "UN documents", "https://press.un.org"),
    DataFile("un_psdata_catalog/psdata-metadata-all.json", "UN Peace and Security Data Hub (catalogue)", "CC BY-IGO", PSDATA_PAGE, f"{PSDATA}/metadata/all"),
)


@dataclass
class FetchOutcome:
    """What a fetch did: files stored with their SHA-256, files without a direct URL, failures with reasons."""

    stored: dict[str, str] = field(default_factory=dict)
    not_downloadable: list[DataFile] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def source_url(entry: DataFile, base_url: str | None) -> str | None:
    """Where a file is downloaded from: BASE/<relative path> when a base address is set, else its publisher URL."""
    if base_url:
        return f"{base_url.rstrip('/')}/{entry.path}"
    return entry.url


def select(patterns: Iterable[str] = ()) -> list[DataFile]:
    """The manifest entries whose path contains one of the patterns (all entries without patterns)."""
    patterns = list(patterns)
    return [entry for entry in MANIFEST if not patterns or any(pattern in entry.path for pattern in patterns)]


def read_checksums(folder: Path) -> dict[str, str]:
    """The checksums file of a folder as {relative path: sha256}."""
    sums = {}
    path = Path(folder) / CHECKSUMS
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            digest, _, name = line.partition("  ")
            if name:
                sums[name] = digest
    return sums


def write_checksums(folder: Path, sums: dict[str, str]) -> None:
    """Write the checksums file in `sha256sum` format, sorted by path."""
    lines = [f"{digest}  {name}\n" for name, digest in sorted(sums.items())]
    (Path(folder) / CHECKSUMS).write_text("".join(lines), encoding="utf-8")


def _download(client: httpx.Client, url: str, target: Path, progress: Progress, task) -> str:
    """Stream one URL to a file (written under a temporary name, renamed when complete); return its SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    try:
        with client.stream("GET", url) as response:
            response.raise_for_status()
            length = response.headers.get("content-length")
            progress.update(task, total=int(length) if length else None, completed=0)
            with open(partial, "wb") as handle:
                for chunk in response.iter_bytes(1 << 16):
                    handle.write(chunk)
                    digest.update(chunk)
                    progress.advance(task, len(chunk))
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return digest.hexdigest()


def _reason(error: Exception) -> str:
    if isinstance(error, httpx.HTTPStatusError):
        return f"HTTP {error.response.status_code} {error.response.reason_phrase}"
    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    if isinstance(error, httpx.HTTPError):
        return f"{type(error).__name__}: {error}"
    return f"{type(error).__name__}: {error}"


def fetch(
    target: Path, entries: list[DataFile] | None = None, base_url: str | None = None,
    console: Console | None = None, timeout: float = 60.0,
) -> FetchOutcome:
    """Download the files of the manifest into a folder, recording each SHA-256 in its checksums file."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    outcome = FetchOutcome()
    sums = read_checksums(target)
    console = console or Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with httpx.Client(follow_redirects=True, timeout=timeout) as client, Progress(*columns, console=console, transient=True) as progress:
        overall = progress.add_task("files", total=len(entries if entries is not None else MANIFEST))
        current = progress.add_task("", total=None)
        for entry in entries if entries is not None else MANIFEST:
            url = source_url(entry, base_url)
            progress.advance(overall)
            if url is None:
                outcome.not_downloadable.append(entry)
                continue
            progress.update(current, description=entry.path)
            try:
                sums[entry.path] = outcome.stored[entry.path] = _download(client, url, target / entry.path, progress, current)
            except (httpx.HTTPError, OSError) as error:
                outcome.failed[entry.path] = f"{url}: {_reason(error)}"
    write_checksums(target, sums)
    return outcome
