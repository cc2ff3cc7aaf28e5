"""`dyads` command line: a thin front over flows/ and the warehouse."""

from __future__ import annotations

import io
import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="dyads: news articles in, ACLED/CAMEO event data out (Prefect, pandera, DuckDB).",
)


class SqlFormat(StrEnum):
    """Output formats of `dyads sql`."""

    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


class ExportFormat(StrEnum):
    """Output formats of `dyads export`."""

    parquet = "parquet"
    csv = "csv"
    acled_csv = "acled-csv"


WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse", "-w", help="Warehouse directory [default: $DYADS_WAREHOUSE or warehouse/data]"
    ),
]


def _quiet_prefect() -> None:
    """Offline-friendly Prefect defaults; the user's own environment wins."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _warehouse(option: Path | None) -> Path:
    from flows.settings import SettingsError, load_settings

    if option is not None:
        return option
    try:
        return load_settings().warehouse
    except SettingsError as exc:
        _fail(str(exc))
        raise


def _check_source(source: str) -> None:
    if source.startswith(("http://", "https://")):
        return  # fetched by the flow: a dead URL is a reject row, not a refusal
    path = Path(source)
    if not path.exists():
        _fail(f"source {source} does not exist; pass a file or directory of .txt/.md/.html/.json/.jsonl(.gz)")
    if not os.access(path, os.R_OK):
        _fail(f"source {source} is not readable (permissions)")
    if path.suffix == ".toml":
        from sources import SourceError, read_sources_file

        try:
            read_sources_file(path)
        except SourceError as exc:
            _fail(str(exc))


def _check_warehouse_dir(where: Path) -> None:
    if where.exists() and not where.is_dir():
        _fail(f"warehouse path {where} is a file, not a directory; pass --warehouse DIR")
    parent = where if where.exists() else next((p for p in where.parents if p.exists()), Path("."))
    if not os.access(parent, os.W_OK):
        _fail(f"warehouse path {where} is not writable; pass --warehouse DIR you can write to")


@app.command()
def run(
    source: Annotated[
        str,
        typer.Option(
            "--source",
            "-s",
            help="File or directory of articles, an http(s) feed or page URL, or a sources.toml",
        ),
    ],
    warehouse: WarehouseOpt = None,
    since: Annotated[str | None, typer.Option(help="Only articles published on/after YYYY-MM-DD")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
) -> None:
    """Extract, code, validate and load SOURCE into the warehouse (idempotent)."""
    _quiet_prefect()
    _check_source(source)
    where = _warehouse(warehouse)
    _check_warehouse_dir(where)
    since_date = None
    if since is not None:
        try:
            since_date = date.fromisoformat(since)
        except ValueError:
            _fail(f"--since {since!r} is not a date; use YYYY-MM-DD")
    from flows.ingest import RejectRateError, run_ingest, summary_dict

    try:
        summary = run_ingest(source=source, warehouse=str(where), since=since_date)
    except RejectRateError as exc:  # everything was stored: show what the run did, then why it failed
        typer.echo(json.dumps(summary_dict(exc.summary), indent=2) if json_out else exc.summary.text())
        _fail(f"run failed: {exc}", code=1)
        raise
    except Exception as exc:  # the flow already logged the traceback; show the cause plainly
        _fail(f"run failed: {exc}", code=1)
        raise
    typer.echo(json.dumps(summary_dict(summary), indent=2) if json_out else summary.text())


@app.command()
def sql(
    statement: Annotated[str, typer.Argument(help="A read-only SQL statement")],
    warehouse: WarehouseOpt = None,
    fmt: Annotated[SqlFormat, typer.Option("--format", "-f", help="Output format")] = SqlFormat.table,
    out: Annotated[Path | None, typer.Option(help="Write to this file (required for parquet)")] = None,
) -> None:
    """Run a read-only query against the warehouse; write statements are refused."""
    import polars as pl

    from warehouse import ReadOnlyError, WarehouseError, query

    try:
        frame = query(_warehouse(warehouse), statement)
    except ReadOnlyError as exc:
        _fail(str(exc))
        raise
    except WarehouseError as exc:
        _fail(str(exc))
        raise
    except Exception as exc:  # DuckDB parser/binder errors: show them as they are
        _fail(f"query failed: {exc}")
        raise
    if fmt is SqlFormat.parquet:
        if out is None:
            _fail("--format parquet needs --out FILE")
            raise AssertionError
        frame.write_parquet(out, compression="zstd")
        typer.echo(f"wrote {frame.height} rows to {out}")
        return
    if fmt is SqlFormat.csv:
        text = frame.write_csv()
    elif fmt is SqlFormat.json:
        buffer = io.StringIO()
        buffer.write(json.dumps(frame.to_dicts(), default=str, ensure_ascii=False, indent=1))
        text = buffer.getvalue() + "\n"
    else:
        with pl.Config(tbl_rows=100, tbl_cols=30, fmt_str_lengths=60, tbl_width_chars=200):
            text = str(frame) + "\n"
    if out is not None:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the snapshot into")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.parquet,
    warehouse: WarehouseOpt = None,
) -> None:
    """Write a hand-off snapshot: one file per table (Parquet or CSV), or ACLED-style CSV."""
    from warehouse import WarehouseError
    from warehouse import export as export_tables

    try:
        files = export_tables(_warehouse(warehouse), out, fmt.value)
    except WarehouseError as exc:
        _fail(str(exc))
        raise
    for path in files:
        typer.echo(str(path))


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL file (format of the eval README)")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the full JSON report here")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Score only the first N items")] = None,
) -> None:
    """Code the texts of a gold file and score the events against it (accuracy, F1, geocoding)."""
    from coder.code import Coder
    from coder.evaluate import GoldFileError, evaluate_items, load_gold
    from flows.settings import SettingsError, load_settings

    try:
        items = load_gold(gold)
        settings = load_settings().coder()
    except (GoldFileError, SettingsError) as exc:
        _fail(str(exc))
        raise
    items = items[:limit] if limit is not None else items
    try:
        report = evaluate_items(items, Coder(settings))
    except GoldFileError as exc:
        _fail(str(exc))
        raise
    typer.echo(eval_summary(report))
    if out is not None:
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        typer.echo(f"wrote {out}")


def _pct(value: object) -> str:
    return f"{value:6.1%}" if isinstance(value, float) else "     -"


def eval_summary(report: dict[str, object]) -> str:
    """A readable summary of an evaluation report: one line per metric, then the confusion table."""
    r: dict[str, Any] = report
    ev, geo, fat = r["events"], r["geocoding"], r["fatalities"]
    lines = [
        f"dataset {r['dataset']}: {r['n_items']} items, {r['n_gold_events']} gold events, "
        f"{r['n_events_predicted']} events predicted in {r['seconds']:.1f} s",
    ]
    for field in ("event_type", "sub_event_type"):
        m = r[field]
        lines.append(
            f"{field + ' (primary)':28} acc {_pct(m['accuracy'])}  weighted F1 {_pct(m['weighted_f1'])}  "
            f"macro F1 {_pct(m['macro_f1'])}  (n={m['n']})"
        )
    for flag in ("no_acled_event", "no_cameo_event"):
        lines.append(f"{flag:28} no event {_pct(r[flag]['share_without_event'])}  (n={r[flag]['n']})")
    lines.append(
        f"{'events':28} P {_pct(ev['precision'])}  R {_pct(ev['recall'])}  F1 {_pct(ev['f1'])}  "
        f"(gold {ev['n_gold']}, predicted {ev['n_predicted']})"
    )
    lines.append(
        f"{'geocoding':28} <=25 km {_pct(geo['within_25km'])}  <=100 km {_pct(geo['within_100km'])}  "
        f"(n={geo['n']})"
    )
    lines.append(
        f"{'fatalities':28} exact {_pct(fat['exact'])} (n={fat['n_exact']})  "
        f"in low..high {_pct(fat['within_range'])} (n={fat['n_range']})"
    )
    lines.append(f"{'cameo_root':28} acc {_pct(r['cameo_root']['accuracy'])}  (n={r['cameo_root']['n']})")
    for field, m in r["field_accuracy"].items():
        lines.append(f"{'field ' + field:28} acc {_pct(m['accuracy'])}  (n={m['n']})")
    confusion: dict[str, dict[str, int]] = r["confusion"]
    if confusion:
        cols = sorted({p for row in confusion.values() for p in row})
        width = max(len(g) for g in confusion)
        lines.append("confusion (rows gold, columns primary prediction):")
        lines.append(" " * width + "  " + "  ".join(f"{i:>4}" for i in range(len(cols))))
        for gold_label, row in confusion.items():
            lines.append(f"{gold_label:{width}}  " + "  ".join(f"{row.get(c, 0):4d}" for c in cols))
        lines.extend(f"  {i:>2} = {c}" for i, c in enumerate(cols))
    return "\n".join(lines)


@app.command()
def check(warehouse: WarehouseOpt = None) -> None:
    """Validate every stored row against the schemas and run the audits; exit 1 if any check fails."""
    from warehouse import WarehouseError
    from warehouse.check import check_warehouse

    try:
        report = check_warehouse(_warehouse(warehouse))
    except WarehouseError as exc:
        _fail(str(exc))
        raise
    typer.echo(report.text())
    if not report.ok:
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the `dyads` script."""
    app()


if __name__ == "__main__":
    main()
