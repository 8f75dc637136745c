"""What the dashboard shows, as pure functions over the output tables (no Dash here).

Every table is optional: a missing, unreadable or empty table becomes a message shown in
the page, and the views that need it say so instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

TABLES = (
    "pages", "articles", "mentions", "roles", "entities", "topics", "article_topics",
)  # fmt: skip
ENTITY_LABELS = ("PERSON", "ORG", "PLACE")


@dataclass
class DashboardData:
    folder: Path
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)

    def has(self, *names: str) -> bool:
        return all(name in self.tables for name in names)

    def missing(self, *names: str) -> str:
        """The messages of the tables a view needs that are not there."""
        return " ".join(self.messages[n] for n in names if n in self.messages)


def load_outputs(folder: Path) -> DashboardData:
    data = DashboardData(folder)
    for name in TABLES:
        path = folder / f"{name}.parquet"
        if not path.exists():
            data.messages[name] = f"{path} is missing: run `make repro` to build it."
            continue
        try:
            table = pd.read_parquet(path)
        except Exception as error:  # a half-copied or foreign file: say which and why
            data.messages[name] = f"{path} cannot be read ({type(error).__name__}: {error})."
            continue
        if table.empty:
            data.messages[name] = f"{path} has no rows."
            continue
        data.tables[name] = table
    return data


def _articles(data: DashboardData) -> pd.DataFrame:
    articles = data.tables["articles"][["article_id", "title", "page_id", "date"]]
    return articles.rename(columns={"title": "article_title"}).assign(
        article_title=articles["title"].fillna("(untitled)")
    )


def find_people(data: DashboardData, query: str, limit: int = 50) -> list[str]:
    """Names that contain `query`, people with the most role links first."""
    query = query.strip()
    if not query or not data.has("roles"):
        return []
    roles = data.tables["roles"]
    counts = roles.loc[roles["person"].str.contains(query, regex=False), "person"].value_counts()
    names = list(counts.index)
    if data.has("entities"):
        entities = data.tables["entities"]
        people = entities[
            (entities["label"] == "PERSON") & entities["name"].str.contains(query, regex=False)
        ]
        names += [
            n for n in people.sort_values("n_mentions", ascending=False)["name"] if n not in names
        ]
    return names[:limit]


def person_roles(data: DashboardData, person: str) -> pd.DataFrame:
    """One row per (title, organisation) of a person, with the articles that state it and
    the first sentence stating it (read from sentences.parquet for these articles only)."""
    roles = data.tables["roles"]
    rows = roles[roles["person"] == person].merge(_articles(data), on="article_id", how="left")
    rows = rows.assign(org_full=rows["org_full"].fillna(""), org=rows["org"].fillna(""))
    sentences = _sentences_of(data, set(rows["article_id"]))
    rows = rows.merge(sentences, on=["article_id", "sentence_idx"], how="left")
    grouped = rows.groupby(["title", "org_full"], sort=False, dropna=False).agg(
        role_text=("role_text", "first"),
        org_parent=("org_parent", "first"),
        resolution=("org_resolution", "first"),
        articles=("article_title", lambda t: "；".join(dict.fromkeys(t.dropna()))),
        n_articles=("article_id", "nunique"),
        sentence=("sentence", lambda t: next(iter(t.dropna()), "(署名)")),
    )
    return grouped.reset_index()


def _sentences_of(data: DashboardData, article_ids: set[str]) -> pd.DataFrame:
    """article_id, sentence_idx, sentence of these articles; empty without the table."""
    path = data.folder / "sentences.parquet"
    columns = ["article_id", "sentence_idx", "sentence"]
    if not article_ids or not path.exists():
        return pd.DataFrame(columns=columns).astype({"sentence_idx": "Int64"})
    table = pd.read_parquet(
        path, columns=["article_id", "sentence_idx", "text"],
        filters=[("article_id", "in", sorted(article_ids))],
    )  # fmt: skip
    return table.rename(columns={"text": "sentence"})


def person_articles(data: DashboardData, person: str) -> pd.DataFrame:
    """The articles that name a person (role links or mentions), newest first."""
    ids = set(data.tables["roles"].loc[lambda r: r["person"] == person, "article_id"])
    if data.has("mentions"):
        mentions = data.tables["mentions"]
        ids |= set(
            mentions.loc[
                (mentions["label"] == "PERSON") & (mentions["text"] == person), "article_id"
            ]
        )
    articles = _articles(data)
    return articles[articles["article_id"].isin(ids)].sort_values(
        ["date", "article_title"], ascending=[False, True]
    )


def entity_counts(data: DashboardData, label: str, limit: int = 20) -> pd.DataFrame:
    """The `limit` organisations or places named in the most articles."""
    entities = data.tables["entities"]
    chosen = entities[entities["label"] == label]
    return chosen.sort_values(
        ["n_articles", "n_mentions", "name"], ascending=[False, False, True]
    ).head(limit)


def topic_rows(data: DashboardData) -> pd.DataFrame:
    topics = data.tables["topics"]
    return topics.assign(top_terms=topics["top_terms"].map(lambda t: "、".join(t)))


def topic_articles(data: DashboardData, topic_id: int) -> pd.DataFrame:
    links = data.tables["article_topics"]
    chosen = links[links["topic_id"] == topic_id].merge(_articles(data), on="article_id")
    return chosen.sort_values("weight", ascending=False)


def highlighted(body: str, mentions: pd.DataFrame) -> list[tuple[str, str | None]]:
    """The body cut into (text, label) pieces: PERSON/ORG/PLACE mentions carry their label,
    a ROLE the part of its span no entity covers (晶睿电子科技公司|董事长: the title), the
    text between them None. Entity mentions never overlap each other (see README)."""
    entities = mentions[mentions["label"].isin(ENTITY_LABELS)].sort_values("start")
    spans = list(entities[["start", "end", "label"]].itertuples(index=False, name=None))
    covered = [(start, end) for start, end, _ in spans]
    for start, end in mentions.loc[mentions["label"] == "ROLE", ["start", "end"]].itertuples(
        index=False, name=None
    ):
        for entity_start, entity_end in covered:  # keep the part after an entity it overlaps
            if entity_start <= start < entity_end:
                start = entity_end
        if start < end and not any(s < end and start < e for s, e in covered):
            spans.append((start, end, "ROLE"))
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for start, end, label in sorted(spans):
        if start < position:
            continue
        if start > position:
            pieces.append((body[position:start], None))
        pieces.append((body[start:end], label))
        position = end
    if position < len(body):
        pieces.append((body[position:], None))
    return pieces


def corpus_summary(data: DashboardData) -> dict[str, str]:
    """The corpus at a glance: papers, date range, and how many pages, articles, people,
    organisations and places."""
    summary: dict[str, str] = {}
    if data.has("pages"):
        pages = data.tables["pages"]
        papers = sorted(p for p in pages["paper"].dropna().unique())
        summary["报纸"] = "、".join(papers) or "—"
        dates = pd.to_datetime(pages["date"], errors="coerce").dropna()
        summary["日期"] = (
            f"{dates.min():%Y-%m-%d} — {dates.max():%Y-%m-%d}" if not dates.empty else "—"
        )
        summary["版面"] = f"{len(pages):,}"
    if data.has("articles"):
        articles = data.tables["articles"]
        summary["文章"] = f"{int((articles['kind'] == 'article').sum()):,}"
    if data.has("entities"):
        counts = data.tables["entities"]["label"].value_counts()
        for label, name in (("PERSON", "人物"), ("ORG", "机构"), ("PLACE", "地点")):
            summary[name] = f"{int(counts.get(label, 0)):,}"
    return summary


def _in_brackets(org: str) -> str:
    return f"（{org}）" if org else ""


def top_people(data: DashboardData, limit: int = 10) -> pd.DataFrame:
    """The people mentioned most, with their titles and organisations (title@org, ranked)."""
    entities = data.tables["entities"]
    people = entities[entities["label"] == "PERSON"].sort_values(
        ["n_mentions", "name"], ascending=[False, True]
    )
    roles = data.tables["roles"] if data.has("roles") else pd.DataFrame(columns=["person"])
    held = (
        roles.assign(
            role=roles["title"]
            + roles["org_full"].fillna("").map(lambda o: f"（{o}）" if o else "")
        )
        .groupby("person")["role"]
        .agg(lambda r: "；".join(dict.fromkeys(r)))
        if not roles.empty
        else pd.Series(dtype=str)
    )
    chosen = people.head(limit)[["name", "n_mentions", "n_articles"]]
    return chosen.assign(roles=chosen["name"].map(held).fillna(""))


def topics_over_time(data: DashboardData) -> pd.DataFrame:
    """Articles per topic per month (per page when the pages carry no dates): period,
    topic, n_articles."""
    links = data.tables["article_topics"]
    strongest = links.sort_values("weight", ascending=False).drop_duplicates("article_id")
    rows = strongest.merge(_articles(data), on="article_id").merge(
        data.tables["topics"][["topic_id", "label"]], on="topic_id"
    )
    dates = pd.to_datetime(rows["date"], errors="coerce")
    period = dates.dt.strftime("%Y-%m") if dates.notna().any() else rows["page_id"]
    rows = rows.assign(period=period.fillna("(no date)"), topic=rows["label"])
    counts = rows.groupby(["period", "topic"]).size().rename("n_articles").reset_index()
    return counts.sort_values(["period", "topic"], ignore_index=True)


@dataclass(frozen=True)
class Network:
    """People and the organisations they hold titles in: nodes with positions, edges."""

    people: pd.DataFrame  # name, size, x, y
    orgs: pd.DataFrame  # name, size, x, y
    edges: list[tuple[str, str]]


def person_org_network(data: DashboardData, limit: int = 60) -> Network:
    """The `limit` people with the most mentions among those holding a title in an
    organisation, those organisations, and the links; people on the left, organisations on
    the right, each column ordered so that links cross little."""
    roles = data.tables["roles"].dropna(subset=["org_full"])
    mentions = (
        data.tables["entities"].query("label == 'PERSON'").set_index("name")["n_mentions"]
        if data.has("entities")
        else pd.Series(dtype=int)
    )
    people = (
        pd.DataFrame({"name": roles["person"].unique()})
        .assign(size=lambda p: p["name"].map(mentions).fillna(1).astype(int))
        .sort_values(["size", "name"], ascending=[False, True])
        .head(limit)
    )
    links = roles[roles["person"].isin(people["name"])][["person", "org_full"]].drop_duplicates()
    orgs = links.groupby("org_full").size().rename("size").reset_index()
    orgs = orgs.rename(columns={"org_full": "name"})
    # Each organisation sits at the mean row of its people.
    row_of = {name: i for i, name in enumerate(people["name"])}
    orgs["row"] = orgs["name"].map(
        links.assign(row=links["person"].map(row_of)).groupby("org_full")["row"].mean()
    )
    orgs = orgs.sort_values(["row", "name"], ignore_index=True)
    people = people.reset_index(drop=True)
    people = people.assign(x=0.0, y=-people.index.astype(float))
    span = max(len(people) - 1, 1) / max(len(orgs) - 1, 1)
    orgs = orgs.assign(x=1.0, y=-orgs.index.astype(float) * span)[["name", "size", "x", "y"]]
    return Network(people, orgs, list(links.itertuples(index=False, name=None)))


def papers_and_dates(
    data: DashboardData,
) -> tuple[list[str], pd.Timestamp | None, pd.Timestamp | None]:
    """The papers the pages come from, and their first and last date (None without dates)."""
    if not data.has("pages"):
        return [], None, None
    pages = data.tables["pages"]
    dates = pd.to_datetime(pages["date"], errors="coerce").dropna()
    papers = sorted(pages["paper"].dropna().unique())
    return (
        papers,
        (dates.min() if not dates.empty else None),
        (dates.max() if not dates.empty else None),
    )


def filtered(
    data: DashboardData,
    papers: list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
) -> DashboardData:
    """The tables restricted to pages of these papers and dates (inclusive; no filter when
    empty), every table cut to those pages' articles, entity counts recounted."""
    if not (papers or start or end) or not data.has("pages"):
        return data
    pages = data.tables["pages"]
    keep = pd.Series(True, index=pages.index)
    if papers:
        keep &= pages["paper"].isin(papers)
    dates = pd.to_datetime(pages["date"], errors="coerce")
    if start:
        keep &= dates >= pd.Timestamp(start)
    if end:
        keep &= dates <= pd.Timestamp(end)
    page_ids = set(pages.loc[keep, "page_id"])
    tables = {"pages": pages[keep]}
    if data.has("articles"):
        articles = data.tables["articles"]
        tables["articles"] = articles[articles["page_id"].isin(page_ids)]
        article_ids = set(tables["articles"]["article_id"])
        for name in ("mentions", "roles", "article_topics"):
            if data.has(name):
                table = data.tables[name]
                tables[name] = table[table["article_id"].isin(article_ids)]
    if data.has("topics"):
        tables["topics"] = data.tables["topics"]
    if data.has("entities") and "mentions" in tables:
        tables["entities"] = _recounted(
            data.tables["entities"], tables["mentions"], tables.get("roles")
        )
    return DashboardData(data.folder, tables, dict(data.messages))


def _recounted(
    entities: pd.DataFrame, mentions: pd.DataFrame, roles: pd.DataFrame | None
) -> pd.DataFrame:
    """Entities with n_mentions and n_articles counted over these mentions (and bylines)."""
    counted = mentions.dropna(subset=["entity_id"])[["entity_id", "article_id"]]
    if roles is not None:
        credited = roles.loc[roles["method"] == "byline", ["person", "article_id"]]
        by_name = entities[entities["label"] == "PERSON"].set_index("name")["entity_id"]
        credited = credited.assign(entity_id=credited["person"].map(by_name)).dropna()
        counted = pd.concat([counted, credited[["entity_id", "article_id"]]])
    counts = counted.groupby("entity_id").agg(
        n_mentions=("article_id", "size"), n_articles=("article_id", "nunique")
    )
    kept = entities[entities["entity_id"].isin(counts.index)].drop(
        columns=["n_mentions", "n_articles"]
    )
    return kept.join(counts, on="entity_id")


def entity_page(data: DashboardData, label: str, name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An organisation's or place's page: (people holding a title in it — for a place, in
    the bodies named after it —, the articles naming it)."""
    roles = data.tables["roles"] if data.has("roles") else pd.DataFrame(columns=["org_full"])
    orgs = roles["org_full"].fillna("")
    held = roles[orgs.eq(name) | (orgs.str.startswith(name) if label == "PLACE" else False)]
    people = (
        held.groupby(["person", "title", "org_full"]).size().rename("n_links").reset_index()
        if not held.empty
        else pd.DataFrame(columns=["person", "title", "org_full", "n_links"])
    )
    ids: set[str] = set(held["article_id"]) if "article_id" in held else set()
    if data.has("mentions", "entities"):
        entities = data.tables["entities"]
        chosen = entities[(entities["label"] == label) & (entities["name"] == name)]
        mentions = data.tables["mentions"]
        ids |= set(mentions.loc[mentions["entity_id"].isin(chosen["entity_id"]), "article_id"])
    articles = _articles(data)
    return people, articles[articles["article_id"].isin(ids)].sort_values("article_title")
