"""Command line: `python -m pipeline ner FILE` tags one sentence per line, JSON lines out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.params import load_params
from pipeline.paths import NER_DIR

app = typer.Typer(add_completion=False, help="zhnews command-line tools.")


@app.callback()
def main() -> None:
    """zhnews: Chinese newspaper pages to analyst-ready tables."""


def _lines(path: Path):
    if str(path) == "-":
        yield from (line.rstrip("\r\n") for line in sys.stdin)
        return
    try:
        with path.open(encoding="utf-8-sig") as handle:
            yield from (line.rstrip("\r\n") for line in handle)
    except FileNotFoundError:
        raise typer.BadParameter(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise typer.BadParameter(f"{path}: not UTF-8 text (byte {error.start})") from None


@app.command()
def ner(
    file: Annotated[Path, typer.Argument(help="UTF-8 text, one sentence per line; - for stdin")],
    model_dir: Annotated[Path, typer.Option(help="zhnews model folder")] = NER_DIR,
    batch_size: Annotated[int, typer.Option(min=1)] = 256,
) -> None:
    """Print {"text", "entities": [{"start", "end", "label", "text"}]} for each line.

    Offsets are character offsets into the line; labels are PERSON, ORG, PLACE and ROLE
    (titles such as 董事长, which may overlap an entity). The backend is the one params.yaml
    `ner` names (the offline zhnews model by default).
    """
    from pipeline.ner.model import load_ner_from_params

    backend = load_ner_from_params(load_params().ner, model_dir)
    batch: list[str] = []

    def flush() -> None:
        for text, spans in zip(batch, backend.predict(batch), strict=True):
            entities = [
                {"start": s, "end": e, "label": label, "text": text[s:e]}
                for s, e, label in sorted(spans)
            ]
            print(json.dumps({"text": text, "entities": entities}, ensure_ascii=False))
        batch.clear()

    for line in _lines(file):
        batch.append(line)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()


if __name__ == "__main__":
    app()
