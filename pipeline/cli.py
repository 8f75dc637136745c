"""The `zhnews` command (also `python -m pipeline`): run the pipeline, tag text, look a person
up in the tables, serve the dashboard, check the installation. `zhnews COMMAND --help`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import chain
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from pipeline.inputs import decoded_lines, dvc_blockers
from pipeline.params import load_params
from pipeline.paths import NER_DIR, OUTPUTS_DIR, ROOT, SEEDS_DIR

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
    from pipeline.ner.model import load_ner_from_params

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


@app.command()
def run(
    stages: Annotated[list[str] | None, typer.Argument(help="stages to bring up to date")] = None,
    force: Annotated[bool, typer.Option("--force", help="rerun even if up to date")] = False,
) -> None:
    """Run the pipeline (`dvc repro`): every stage whose inputs changed, or the ones named."""
    if blockers := dvc_blockers(SEEDS_DIR):  # DVC would hang or fail hashing seeds/
        raise typer.BadParameter(blockers, param_hint="seeds/")
    command = [str(Path(sys.executable).with_name("dvc")), "repro", *(stages or [])]
    if force:
        command.append("--force")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    raise typer.Exit(subprocess.run(command, cwd=ROOT, env=env).returncode)


@app.command()
def who(
    name: Annotated[str, typer.Argument(help="a person's name, or part of it")],
    outputs: Annotated[Path, typer.Option(help="folder of the output tables")] = OUTPUTS_DIR,
) -> None:
    """A person's titles, organisations and the articles stating them (the dashboard's
    person page, in the terminal)."""
    from rich.console import Console
    from rich.table import Table

    from pipeline.dashboard.data import DashboardData, find_people, person_roles

    tables = {}
    for table_name in ("roles", "articles"):
        path = outputs / f"{table_name}.parquet"
        if not path.exists():
            raise typer.BadParameter(f"{path}: missing; run `zhnews run` first")
        tables[table_name] = pd.read_parquet(path)
    data = DashboardData(outputs, tables)
    console = Console()
    people = find_people(data, name)
    if not people:
        console.print(f"No one named like {name!r} holds a title in {outputs / 'roles.parquet'}.")
        raise typer.Exit(1)
    table = Table(title=f"{name}: titles and organisations")
    for column in ("person", "title", "org_full", "org_parent", "articles"):
        table.add_column(column)
    for person in people:
        for row in person_roles(data, person).itertuples(index=False):
            cells = (person, row.title, row.org_full, row.org_parent, row.articles)
            table.add_row(*("" if pd.isna(v) else str(v) for v in cells))
    console.print(table)


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
            "extract needs ../shared/data beside the repository (README: data)",
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
