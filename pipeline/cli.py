"""The `zhnews` command (also `python -m pipeline`): run the pipeline, tag text, look a person
up in the tables, serve the dashboard, check the installation. `zhnews COMMAND --help`."""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from itertools import chain
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
import yaml
from typer.core import TyperArgument, TyperOption

from pipeline.inputs import decoded_lines, dvc_blockers
from pipeline.params import load_params
from pipeline.paths import NER_DIR, OUTPUTS_DIR, ROOT, SEEDS_DIR


# Help shows names and words, not typer's type tags (<bool>, <list[str]>, {name}): an
# argument reads as its metavar in capitals, an option's value as its metavar if any.
def _no_type_tag(param, ctx) -> str | None:
    return param.metavar if isinstance(param, TyperOption) else None


def _usage_name(argument: TyperArgument) -> str:
    name = (argument.metavar or argument.name or "").upper()
    name = name if argument.required else f"[{name}]"
    return name + ("..." if argument.nargs != 1 else "")


TyperArgument.display_type_rich = _no_type_tag
TyperOption.display_type_rich = _no_type_tag
TyperArgument._usage_display_name = _usage_name

app = typer.Typer(add_completion=False, help="zhnews command-line tools.")


@app.callback()
def main() -> None:
    """zhnews: Chinese newspaper pages to analyst-ready tables."""


def _lines(path: Path):
    """(text, problem) per line of `path` or stdin (pipeline/inputs.py decoded_lines)."""
    if str(path) == "-":
        yield from decoded_lines(sys.stdin.buffer)
        return
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise typer.BadParameter(f"{path}: no such file", param_hint="FILE") from None
    except IsADirectoryError:
        raise typer.BadParameter(f"{path}: a folder, not a file", param_hint="FILE") from None
    except OSError as error:
        raise typer.BadParameter(f"{path}: cannot read: {error.strerror}", "FILE") from None
    with stream:
        yield from decoded_lines(stream)


@app.command()
def ner(
    file: Annotated[
        Path, typer.Argument(help="text (UTF-8, UTF-16 or GB18030), one sentence a line; - stdin")
    ],
    model_dir: Annotated[Path, typer.Option(help="zhnews model folder")] = NER_DIR,
    batch_size: Annotated[int, typer.Option(min=1)] = 256,
) -> None:
    """Print {"text", "entities": [{"start", "end", "label", "text"}]} for each line.

    Offsets are character offsets into the line; labels are PERSON, ORG, PLACE and ROLE
    (titles such as 董事长, which may overlap an entity). The backend is the one params.yaml
    `ner` names (the offline zhnews model by default). A line with bytes that are not
    text in the input's encoding is tagged with U+FFFD in their place, and its record (and
    stderr) carries a "problem" naming the line and the byte.
    """
    from pipeline.ner.backends import load_ner_from_params

    lines = _lines(file)
    first = next(lines, None)  # a bad FILE is reported before the model loads
    backend = load_ner_from_params(load_params().ner, model_dir)
    batch: list[tuple[str, str | None]] = []

    def flush() -> None:
        texts = [text for text, _ in batch]
        for (text, problem), spans in zip(batch, backend.predict(texts), strict=True):
            entities = [
                {"start": s, "end": e, "label": label, "text": text[s:e]}
                for s, e, label in sorted(spans)
            ]
            record = {"text": text, "entities": entities}
            if problem:
                typer.echo(f"{file}: {problem}", err=True)
                record["problem"] = problem
            print(json.dumps(record, ensure_ascii=False))
        batch.clear()

    for line in chain([first] if first else [], lines):
        batch.append(line)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()


def _stage_names() -> list[str]:
    try:
        return list(yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"])
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return []


STAGES = _stage_names()


def _fail(message: str) -> typer.Exit:
    """An error on stderr; exit status 1."""
    typer.echo(message, err=True)
    return typer.Exit(1)


@app.command(
    help="Run the pipeline (`dvc repro`): every stage whose inputs changed, or the ones "
    "named.\n\nStages: " + ", ".join(STAGES) + "."
)
def run(
    stages: Annotated[
        list[str] | None, typer.Argument(help="stages to bring up to date", metavar="STAGE")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="rerun even if up to date")] = False,
) -> None:
    unknown = [s for s in stages or [] if s not in STAGES]
    if unknown and STAGES:
        close = difflib.get_close_matches(unknown[0], STAGES, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise _fail(f"No stage named {unknown[0]!r}{hint} Stages: {', '.join(STAGES)}.")
    if blockers := dvc_blockers(SEEDS_DIR):  # DVC would hang or fail hashing seeds/
        raise typer.BadParameter(blockers, param_hint="seeds/")
    command = [str(Path(sys.executable).with_name("dvc")), "repro", *(stages or [])]
    if force:
        command.append("--force")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    raise typer.Exit(subprocess.run(command, cwd=ROOT, env=env).returncode)


@app.command()
def who(
    name: Annotated[str, typer.Argument(help="a person's name, or part of it", metavar="NAME")],
    outputs: Annotated[
        Path, typer.Option(help="folder of the output tables", metavar="DIR")
    ] = OUTPUTS_DIR,
) -> None:
    """A person's titles and organisations over time, with the sentence stating each (the
    dashboard's person page, in the terminal). Anyone in entities is found, titled or not."""
    from rich.console import Console

    from pipeline.catalog import ARTICLES, ENTITIES, PAGES, ROLES
    from pipeline.dashboard.data import closest_names, find_people
    from pipeline.dashboard.tables import load_outputs

    for table in (ROLES, ARTICLES):
        if not table.path(outputs).exists():
            raise _fail(f"{table.path(outputs)}: missing; run `zhnews run` first")
    data = load_outputs(outputs, (ROLES, ARTICLES, ENTITIES, PAGES))
    people = find_people(data, name)
    if not people:
        close = closest_names(data, name)
        hint = f" Closest names: {'、'.join(close)}." if close else ""
        raise _fail(f"No one named like {name!r} in {outputs}.{hint}")
    console = Console(soft_wrap=False)
    for person in people[:10]:
        _print_person(console, data, person)
    if len(people) > 10:
        console.print(f"… and {len(people) - 10} more: {'、'.join(people[10:30])}")


def _when(date, order) -> str:
    if date is not None and not pd.isna(date):
        return f"{pd.Timestamp(date):%Y-%m-%d}"
    return f"page {int(order)}" if order is not None and not pd.isna(order) else ""


def _print_person(console, data, person: str) -> None:
    """One person: mentions and articles, then each title with its organisation, when it
    was first and last stated, and the sentence stating it, wrapped to the terminal."""
    from rich.table import Table

    from pipeline.dashboard.data import person_figures, person_roles

    n_mentions, n_articles = person_figures(data, person)
    console.print(f"[bold]{person}[/bold]  mentions: {n_mentions}, articles: {n_articles}")
    roles = person_roles(data, person) if "roles" in data.tables else pd.DataFrame()
    if roles.empty:
        console.print("  no titles found\n")
        return
    table = Table(show_lines=True, expand=False, padding=(0, 1))
    table.add_column("title", no_wrap=True)
    table.add_column("organisation (parent)", overflow="fold")
    table.add_column("when", no_wrap=True)
    table.add_column("source sentence", overflow="fold", ratio=1)
    for row in roles.itertuples(index=False):
        org = row.org_full or ""
        if isinstance(row.org_parent, str) and row.org_parent:
            org += f" ({row.org_parent})"
        first, last = _when(row.first_date, row.first_order), _when(row.last_date, row.last_order)
        span = first if first == last else f"{first} – {last}"
        titles = row.articles.split("；")
        more = f" (+{len(titles) - 1})" if len(titles) > 1 else ""
        table.add_row(row.title, org, span, f"{row.sentence}\n[dim]{titles[0]}{more}[/dim]")
    console.print(table)
    console.print()


@app.command()
def dashboard(
    outputs: Annotated[Path, typer.Option(help="folder of the output tables")] = OUTPUTS_DIR,
    host: str = "127.0.0.1",
    port: int = 8050,
) -> None:
    """Serve the dashboard over the output tables (http://127.0.0.1:8050)."""
    from pipeline.dashboard.app import build_app

    build_app(outputs).run(host=host, port=port, debug=False)


@app.command()
def doctor() -> None:
    """Check the models, data and versions the pipeline needs, and say what to do."""
    checks = installation_checks()
    for ok, what, advice in checks:
        typer.echo(f"{'ok  ' if ok else 'FAIL'} {what}" + ("" if ok else f"\n     -> {advice}"))
    if not all(ok for ok, _, _ in checks):
        raise typer.Exit(1)


def installation_checks() -> list[tuple[bool, str, str]]:
    """(passed, what was checked, what to do if not) for each thing the pipeline needs."""
    from importlib.metadata import PackageNotFoundError, requires, version

    from packaging.requirements import Requirement

    params = load_params()
    checks = [
        (
            (ROOT / "models/pkuseg/weights.npz").is_file(),
            "pkuseg model in models/pkuseg",
            "run `zhnews run fetch_models` (pip downloads the pkuseg wheel)",
        ),
        (
            (NER_DIR / "tagger.onnx").is_file(),
            "NER model in models/ner",
            "it is committed: `git checkout models/ner`; or retrain with `make train-ner`",
        ),
        (
            (ROOT / params.segment.line_model).is_dir(),
            f"line model in {params.segment.line_model}",
            "it is committed: `git checkout models/segment`; or `make train-segment`",
        ),
        (
            (ROOT / params.data.admin_divisions / "provinces.csv").is_file(),
            f"administrative divisions in {params.data.admin_divisions}",
            "it is committed (a copy of the shared data): `git checkout pipeline/lexicons`",
        ),
    ]
    for requirement in map(Requirement, requires("zhnews") or []):
        if requirement.marker is not None:  # extras (test, bench)
            continue
        try:
            found = version(requirement.name)
        except PackageNotFoundError:
            checks.append((False, f"{requirement} installed", "run `make repro` (sets up .venv)"))
            continue
        checks.append((
            requirement.specifier.contains(found, prereleases=True),
            f"{requirement.name} {found} ({requirement.specifier or 'any'})",
            f"pip install '{requirement}' (or rebuild .venv: rm -rf .venv && make repro)",
        ))  # fmt: skip
    return checks


if __name__ == "__main__":
    app()
