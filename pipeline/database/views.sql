-- Views over the parquet outputs, for DuckDB (CLI, DBeaver, Superset/Metabase DuckDB drivers).
-- Written by `python -m pipeline.docs` from pipeline/catalog.py; do not edit by hand.
-- Run from the repository root:  duckdb -init pipeline/database/views.sql
-- or in Python:  duckdb.connect().execute(open("pipeline/database/views.sql").read())
CREATE OR REPLACE VIEW pages AS SELECT * FROM read_parquet('outputs/pages.parquet');
CREATE OR REPLACE VIEW articles AS SELECT * FROM read_parquet('outputs/articles.parquet');
CREATE OR REPLACE VIEW page_spans AS SELECT * FROM read_parquet('outputs/page_spans.parquet');
CREATE OR REPLACE VIEW problems AS SELECT * FROM read_parquet('outputs/problems.parquet');
CREATE OR REPLACE VIEW sentences AS SELECT * FROM read_parquet('outputs/sentences.parquet');
CREATE OR REPLACE VIEW tokens AS SELECT * FROM read_parquet('outputs/tokens.parquet');
CREATE OR REPLACE VIEW mentions AS SELECT * FROM read_parquet('outputs/mentions.parquet');
CREATE OR REPLACE VIEW roles AS SELECT * FROM read_parquet('outputs/roles.parquet');
CREATE OR REPLACE VIEW entities AS SELECT * FROM read_parquet('outputs/entities.parquet');
CREATE OR REPLACE VIEW extract_problems AS SELECT * FROM read_parquet('outputs/extract_problems.parquet');
CREATE OR REPLACE VIEW topics AS SELECT * FROM read_parquet('outputs/topics.parquet');
CREATE OR REPLACE VIEW article_topics AS SELECT * FROM read_parquet('outputs/article_topics.parquet');
CREATE OR REPLACE VIEW topic_hierarchy AS SELECT * FROM read_parquet('outputs/topic_hierarchy.parquet');
CREATE OR REPLACE VIEW topic_months AS SELECT * FROM read_parquet('outputs/topic_months.parquet');
CREATE OR REPLACE VIEW person_roles AS
SELECT r.person, r.title, r.org_full, r.role_text, r.method, a.title AS article_title,
       a.date, a.page_id, r.article_id
FROM roles r LEFT JOIN articles a USING (article_id);
