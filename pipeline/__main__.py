"""`python -m pipeline`: the zhnews command (pipeline/cli.py)."""

from pipeline.cli import app

if __name__ == "__main__":
    app()
