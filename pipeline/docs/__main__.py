"""`python -m pipeline.docs`: write docs/tables.md, docs/evaluation.md and views.sql."""

from pipeline.docs import generated_files


def main() -> None:
    for path, text in generated_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
