"""`pko safety`: fatality rates and comparisons, incident hotspots, convoy route plans."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import typer

from pko.db import get_engine, session_scope
from pko.errors import QueryError
from pko.formats import OutputFormat, emit
from pko.safety import analytics, hotspots as hot_engine, routes as route_engine
from pko.sources.report import SourceError

app = typer.Typer(help="Fatality rates and trends, incident hotspots and convoy route risk.", no_args_is_help=True)
routes_app = typer.Typer(help="Convoy routes over a road network, weighed by nearby incidents.", no_args_is_help=True)
app.add_typer(routes_app, name="routes")


def _fail(error: Exception) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(2)


def _release(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date of the form YYYY-MM-DD", param_hint="--release")


RELEASE_HELP = "Fatalities release YYYY-MM-DD (default: the newest imported)"


@app.command("rates")
def rates(
    by: str = typer.Option(..., "--by", help="mission or country"),
    year: int = typer.Option(None, "--year", help="Only this year"),
    incident_type: str = typer.Option(None, "--incident-type", help="Illness, Accident, Malicious Act, ..."),
    mission: str = typer.Option(None, "--mission", help="Mission acronym"),
    release: str = typer.Option(None, "--release", help=RELEASE_HELP),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Uniformed fatalities per 1,000 deployed uniformed personnel per year, with the source of each exposure."""
    with session_scope(get_engine()) as session:
        try:
            found = analytics.rates(session, by, year=year, incident_type=incident_type, mission=mission,
                                    release=_release(release))
        except QueryError as error:
            _fail(error)
    shown = found["rows"] if fmt is not OutputFormat.table else [
        {key: row[key] for key in (by, "year", "fatalities", "personnel", "rate_per_1000", "rate_low", "rate_high",
                                   "source", "note")} for row in found["rows"]]
    _titled(f"Uniformed fatalities per 1,000 uniformed personnel, by {by}, release {found['release']}", shown, fmt,
           ["rate_low/rate_high: exact 95% Poisson interval; no rate where exposure is missing or flagged incomplete",
            *found["sources"]])


def _ratio_line(label: str, ratio: dict) -> str:
    if ratio["ratio"] is None:
        return f"{label}: no fatalities in either year"
    return (f"{label}: rate ratio {ratio['ratio']:.3f} ({ratio['level']:.0%} CI {ratio['low']:.3f}-{ratio['high']:.3f}), "
            f"p = {ratio['p_value']:.4g}")


@app.command("compare")
def compare(
    year_from: int = typer.Option(..., "--from", help="Earlier year"),
    year_to: int = typer.Option(..., "--to", help="Later year"),
    incident_type: str = typer.Option(None, "--incident-type", help="Illness, Accident, Malicious Act, ..."),
    mission: str = typer.Option(None, "--mission", help="Mission acronym (default: all missions)"),
    personnel: str = typer.Option("uniformed", "--personnel", help="uniformed, all, or one personnel type"),
    release: str = typer.Option(None, "--release", help=RELEASE_HELP),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Fatalities in one year against another: Poisson rate ratio, 95% interval, p-value, and each mission's share."""
    with session_scope(get_engine()) as session:
        try:
            found = analytics.compare(session, year_from, year_to, incident_type=incident_type, mission=mission,
                                      personnel=personnel, release=_release(release))
        except QueryError as error:
            _fail(error)
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(found, default=str, indent=2))
        return
    where = ", ".join(filter(None, [found["mission"] or "all missions", incident_type, f"{found['personnel']} personnel"]))
    lines = [f"fatalities release {found['release']}",
             f"{where}: {found['count_from']} in {year_from} -> {found['count_to']} in {year_to}",
             _ratio_line("per year", found["per_year"])]
    if found["per_exposure"]:
        exposure = found["per_exposure"]
        lines.append(_ratio_line(f"per 1,000 exposed ({exposure['source']}: {exposure['exposure_from'] * 1000:,.0f} "
                                 f"-> {exposure['exposure_to'] * 1000:,.0f})", exposure))
    if found["exposure_note"]:
        lines.append(found["exposure_note"])
    lines.append(f"test: {found['per_year']['method']}")
    if fmt is OutputFormat.csv:
        emit(found["shares"], fmt)
        return
    for line in lines:
        typer.echo(line)
    _titled("Each mission's share of the change", found["shares"], fmt, found["sources"])


def _incidents(path: Path) -> pd.DataFrame:
    try:
        frame, report = analytics.read_incidents(path)
    except SourceError as error:
        _fail(error)
    for rule, count in (report.skips + report.repairs).items():
        typer.echo(f"{path.name}: {count:,} {rule}", err=True)
    return frame


@app.command("hotspots")
def hotspots(
    incidents: Path = typer.Option(..., "--incidents", exists=True, dir_okay=False, help="CSV with latitude, longitude[, date]"),
    resolution: int = typer.Option(6, "--resolution", min=0, max=15, help="H3 resolution"),
    rings: int = typer.Option(hot_engine.RINGS, "--rings", min=1, max=10, help="Neighbourhood: H3 rings around each cell"),
    alpha: float = typer.Option(hot_engine.ALPHA, "--alpha", min=1e-6, max=0.5, help="False discovery rate"),
    fmt: str = typer.Option("table", "--format", help="table, json, csv or geojson"),
) -> None:
    """Hot and cold spots of incidents on H3 cells (Getis-Ord Gi*, Benjamini-Hochberg), with trends per cell."""
    frame = _incidents(incidents)
    years = frame["date"].dt.year.to_numpy() if "date" in frame and frame["date"].notna().all() else None
    try:
        found = hot_engine.hotspots(frame["latitude"].to_numpy(), frame["longitude"].to_numpy(), resolution,
                                    years=years, rings=rings, alpha=alpha)
    except ValueError as error:
        _fail(error)
    if fmt == "geojson":
        typer.echo(json.dumps(hot_engine.geojson(found)))
        return
    try:
        chosen = OutputFormat(fmt)
    except ValueError:
        _fail(ValueError(f"'{fmt}' is not a format (table, json, csv, geojson)"))
    rows = found.cells.drop(columns=["by_year"], errors="ignore")
    if chosen is OutputFormat.table:
        rows = rows[rows["spot"] != "none"]
    rows = [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in rows.to_dict("records")]
    _titled(f"Hotspots of {found.incidents:,} incidents on {len(found.cells):,} cells", rows, chosen,
           [f"significant cells: {sum(r['spot'] != 'none' for r in rows)}" if chosen is OutputFormat.table else "",
            found.method])


def _place(value: str, option: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in value.split(","))
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not LAT,LON", param_hint=option)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise typer.BadParameter(f"'{value}' is outside the globe", param_hint=option)
    return lat, lon


@routes_app.command("plan")
def plan(
    network: Path = typer.Option(..., "--network", exists=True, dir_okay=False, help="GeoJSON of road LineStrings"),
    incidents: Path = typer.Option(None, "--incidents", exists=True, dir_okay=False, help="CSV with latitude, longitude[, date]"),
    origin: list[str] = typer.Option(..., "--from", help="LAT,LON (repeat with --to for several pairs)"),
    target: list[str] = typer.Option(..., "--to", help="LAT,LON"),
    k: int = typer.Option(1, "--k", min=1, max=10, help="Least-risk routes to list"),
    bandwidth: float = typer.Option(route_engine.Kernel.bandwidth_m, "--bandwidth-m", min=1, help="Distance kernel bandwidth (m)"),
    half_life: float = typer.Option(route_engine.Kernel.half_life_days, "--half-life-days", min=1, help="Recency half-life (days)"),
    as_of: str = typer.Option(None, "--as-of", help="Date incident ages are counted to (default: newest incident)"),
    fmt: str = typer.Option("table", "--format", help="table, json, csv or geojson"),
) -> None:
    """Shortest and least-risk routes (and k alternatives) with length and expected incidents, for each pair."""
    if len(origin) != len(target):
        raise typer.BadParameter("give as many --to as --from", param_hint="--to")
    pairs = [(_place(a, "--from"), _place(b, "--to")) for a, b in zip(origin, target)]
    try:
        net = route_engine.network_from_geojson(json.loads(network.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as error:
        _fail(ValueError(f"{network.name}: {error}"))
    kernel = route_engine.Kernel(bandwidth_m=bandwidth, half_life_days=half_life)
    risk = np.zeros(len(net.length))
    if incidents is not None:
        frame = _incidents(incidents)
        dates = frame["date"] if "date" in frame else pd.Series(pd.NaT, index=frame.index)
        day = pd.Timestamp(as_of) if as_of else dates.max()
        age = ((day - dates).dt.days.fillna(0).clip(lower=0)).to_numpy() if pd.notna(day) else np.zeros(len(frame))
        risk = route_engine.edge_risk(net, frame["latitude"].to_numpy(), frame["longitude"].to_numpy(), age, kernel)
    plans = route_engine.plan(net, risk, pairs, k=k)
    if fmt == "geojson":
        typer.echo(json.dumps(route_engine.geojson(net, plans, kernel)))
        return
    rows = [{"pair": n + 1, "from": f"{p.origin[0]},{p.origin[1]}", "to": f"{p.destination[0]},{p.destination[1]}",
             "route": r.kind, "rank": r.rank, "length_km": round(r.length_m / 1000, 3),
             "expected_incidents": round(r.expected_incidents, 4), "nodes": len(r.nodes)}
            for n, p in enumerate(plans) for r in p.routes]
    try:
        chosen = OutputFormat(fmt)
    except ValueError:
        _fail(ValueError(f"'{fmt}' is not a format (table, json, csv, geojson)"))
    far = [f"pair {n + 1}: origin {p.snap_m[0]:,.0f} m / destination {p.snap_m[1]:,.0f} m from the nearest road node"
           for n, p in enumerate(plans) if max(p.snap_m) > 1000]
    unreachable = [f"pair {n + 1}: no route (the places are on unconnected roads)" for n, p in enumerate(plans) if not p.routes]
    _titled("Convoy routes", rows, chosen, [*unreachable, *far, f"edge risk: {kernel.describe()}", *net.notes])


@routes_app.command("density")
def density(
    network: Path = typer.Option(..., "--network", exists=True, dir_okay=False, help="GeoJSON of road LineStrings"),
    incidents: Path = typer.Option(..., "--incidents", exists=True, dir_okay=False, help="CSV with latitude, longitude"),
    within: float = typer.Option(500.0, "--within-m", min=1, help="Farthest an incident may lie from its road (m)"),
    top: int = typer.Option(20, "--top", min=1, help="Road segments listed (table, json, csv)"),
    fmt: str = typer.Option("table", "--format", help="table, json, csv or geojson"),
) -> None:
    """Incidents (e.g. explosive devices) per road segment and per km, each counted on its nearest segment."""
    try:
        net = route_engine.network_from_geojson(json.loads(network.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as error:
        _fail(ValueError(f"{network.name}: {error}"))
    frame = _incidents(incidents)
    counts, away = route_engine.segment_density(net, frame["latitude"].to_numpy(), frame["longitude"].to_numpy(), within)
    hit = np.flatnonzero(counts)
    hit = hit[np.argsort(-counts[hit] / net.length[hit], kind="stable")]
    rows = [{"segment": int(e), "from": f"{net.lat[net.edge_from[e]]:.6f},{net.lon[net.edge_from[e]]:.6f}",
             "to": f"{net.lat[net.edge_to[e]]:.6f},{net.lon[net.edge_to[e]]:.6f}", "incidents": int(counts[e]),
             "length_km": round(float(net.length[e]) / 1000, 3), "per_km": round(float(counts[e] / net.length[e] * 1000), 3)}
            for e in hit]
    if fmt == "geojson":
        features = [{"type": "Feature", "properties": row, "geometry": {"type": "LineString", "coordinates": [
            [float(net.lon[net.edge_from[row["segment"]]]), float(net.lat[net.edge_from[row["segment"]]])],
            [float(net.lon[net.edge_to[row["segment"]]]), float(net.lat[net.edge_to[row["segment"]]])]]}} for row in rows]
        typer.echo(json.dumps({"type": "FeatureCollection", "features": features,
                               "properties": {"within_m": within, "farther_than_within": away}}))
        return
    try:
        chosen = OutputFormat(fmt)
    except ValueError:
        _fail(ValueError(f"'{fmt}' is not a format (table, json, csv, geojson)"))
    _titled("Incidents per road segment", rows[:top], chosen,
           [f"{int(counts.sum()):,} incidents on {len(hit):,} segments; {away:,} farther than {within:g} m from any road",
            *net.notes])


def _titled(title: str, rows: list[dict], fmt: OutputFormat, lines: list[str]) -> None:
    emit(rows, fmt, title, "\n".join(line for line in lines if line))
