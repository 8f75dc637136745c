"""zhnews: Chinese newspaper pages to analyst-ready parquet tables.

`from pipeline import load` gives the spaCy pipeline of pipeline/api.py; it is imported on
first use, so the stages' imports of pipeline.* do not load spaCy for it."""


def __getattr__(name: str):
    if name == "load":
        from pipeline.api import load

        return load
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
