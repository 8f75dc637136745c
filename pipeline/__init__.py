"""zhnews: Chinese newspaper pages to analyst-ready parquet tables."""
