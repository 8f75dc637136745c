"""What the dashboard shows, as pure functions over the output tables (no Dash here).

Every table is optional: a missing, unreadable or empty table becomes a message shown in
the page (tables.py, the one reader of files), and the views that need it say so instead
of failing.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from pipeline.dashboard import strings
from pipeline.extract.credits import byline_credits

ENTITY_LABELS = ("PERSON", "ORG", "PLACE")
SENTENCE_COLUMNS = ["article_id", "sentence_idx", "sentence"]


def no_sentences(article_ids: set[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=SENTENCE_COLUMNS).astype({"sentence_idx": "Int64"})


@dataclass
class DashboardData:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    # The sentences (SENTENCE_COLUMNS) of a set of articles, read on demand by the loader
    # (tables.py): the sentences table is the largest and a page needs a few of them.
    sentences_of: Callable[[set[str]], pd.DataFrame] = field(default=no_sentences, repr=False)
    # Derived frames computed once per set of tables (article_index).
    cache: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def has(self, *names: str) -> bool:
        return all(name in self.tables for name in names)

    def missing(self, *names: str) -> str:
        """The messages of the tables a view needs that are not there."""
        return " ".join(self.messages[n] for n in names if n in self.messages)


def article_index(data: DashboardData) -> pd.DataFrame:
    """One row per article with its page's paper, date, page number and place in the page
    order (pages sorted by date, paper, page number, id: the order to use where pages carry
    no date), computed once per set of tables."""
    if "article_index" in data.cache:
        return data.cache["article_index"]
    articles = data.tables["articles"]
    columns = ["article_id", "page_id", "position", "kind", "kicker", "title", "subtitle",
               "byline", "source_tag", "type", "date"]  # fmt: skip
    index = articles[[c for c in columns if c in articles.columns]].copy()
    index["date"] = pd.to_datetime(index.get("date"), errors="coerce")
    index["article_title"] = index["title"].fillna(strings.ARTICLE_UNTITLED)
    if data.has("pages"):
        pages = data.tables["pages"][["page_id", "paper", "date", "page_no"]].copy()
        pages["page_date"] = pd.to_datetime(pages.pop("date"), errors="coerce")
        pages = pages.sort_values(["page_date", "paper", "page_no", "page_id"], na_position="last")
        pages["page_order"] = range(1, len(pages) + 1)
        index = index.merge(pages, on="page_id", how="left")
        index["date"] = index["date"].fillna(index.pop("page_date"))
    else:
        index["paper"] = None
        index["page_no"] = pd.array([pd.NA] * len(index), dtype="Int64")
        index["page_order"] = index["page_id"].rank(method="dense")
    index["page_order"] = index["page_order"].fillna(0).astype(int)
    index = index.sort_values(["page_order", "position"], ignore_index=True)
    data.cache["article_index"] = index
    return index


def _articles(data: DashboardData) -> pd.DataFrame:
    columns = ["article_id", "article_title", "page_id", "date", "paper", "page_no", "page_order"]
    return article_index(data)[columns]


def search(data: DashboardData, query: str = "", label: str | None = None) -> pd.DataFrame:
    """People, organisations and places whose name contains `query` (all of them when it is
    empty): label, name, parent, n_mentions, n_articles; people first, then organisations
    and places, each most mentioned first. People known only from role links (not in
    entities) are counted over their links."""
    query = query.strip()
    frames = []
    if data.has("entities"):
        entities = data.tables["entities"]
        chosen = entities[entities["name"].str.contains(query, regex=False)] if query else entities
        frames.append(chosen[["label", "name", "parent", "n_mentions", "n_articles"]])
    if data.has("roles"):
        roles = data.tables["roles"]
        known = set(frames[0].query("label == 'PERSON'")["name"]) if frames else set()
        linked = roles[roles["person"].str.contains(query, regex=False)] if query else roles
        linked = linked[~linked["person"].isin(known)]
        if data.has("entities"):  # a person the entities table has but the query missed
            linked = linked[~linked["person"].isin(set(data.tables["entities"]["name"]))]
        counts = linked.groupby("person").agg(
            n_mentions=("article_id", "size"), n_articles=("article_id", "nunique")
        )
        frames.append(
            counts.reset_index().rename(columns={"person": "name"}).assign(label="PERSON")
        )
    columns = ["label", "name", "parent", "n_mentions", "n_articles"]
    found = pd.concat([f for f in frames if not f.empty] or [pd.DataFrame(columns=columns)])
    found = found.reindex(columns=columns)
    if label:
        found = found[found["label"] == label]
    order = found["label"].map({"PERSON": 0, "ORG": 1, "PLACE": 2})
    return (
        found.assign(_order=order)
        .sort_values(["_order", "n_mentions", "name"], ascending=[True, False, True])
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def closest_names(data: DashboardData, query: str, limit: int = 5) -> list[str]:
    """Names spelled most like `query` (for "did you mean"), from entities and role links."""
    names: set[str] = set()
    if data.has("entities"):
        names |= set(data.tables["entities"]["name"])
    if data.has("roles"):
        names |= set(data.tables["roles"]["person"])
    return difflib.get_close_matches(query.strip(), sorted(names), n=limit, cutoff=0.3)


def find_people(data: DashboardData, query: str, limit: int = 50) -> list[str]:
    """Names of people that contain `query`, most mentioned first (entities and role
    links)."""
    if not query.strip():
        return []
    found = search(data, query, "PERSON")
    exact = found["name"] == query.strip()
    return list(pd.concat([found[exact], found[~exact]])["name"].head(limit))


def person_figures(data: DashboardData, person: str) -> tuple[int, int]:
    """(mentions, articles) of a person: the entities row, else their role links."""
    if data.has("entities"):
        entities = data.tables["entities"]
        rows = entities[(entities["label"] == "PERSON") & (entities["name"] == person)]
        if not rows.empty:
            return int(rows["n_mentions"].iloc[0]), int(rows["n_articles"].iloc[0])
    if data.has("roles"):
        links = data.tables["roles"].loc[lambda r: r["person"] == person, "article_id"]
        return len(links), links.nunique()
    return 0, 0


def _spans_in_time(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group of `keys`: the first and last article (by page date, page order where
    there is none) and how many articles, earliest first."""
    grouped = rows.groupby(keys, sort=False, dropna=False).agg(
        first_date=("date", "min"),
        last_date=("date", "max"),
        first_order=("page_order", "min"),
        last_order=("page_order", "max"),
        n_articles=("article_id", "nunique"),
    )
    return grouped.reset_index().sort_values(
        ["first_date", "first_order"], na_position="last", ignore_index=True
    )


def person_roles(data: DashboardData, person: str) -> pd.DataFrame:
    """One row per (title, organisation) of a person, earliest first: when it was first
    and last stated (first_date/last_date; first_order/last_order, the page order), the
    articles stating it, and the first sentence stating it (data.sentences_of)."""
    roles = data.tables["roles"]
    rows = roles[roles["person"] == person].merge(_articles(data), on="article_id", how="left")
    rows = rows.assign(org_full=rows["org_full"].fillna(""), org=rows["org"].fillna(""))
    sentences = data.sentences_of(set(rows["article_id"]))
    rows = rows.merge(sentences, on=["article_id", "sentence_idx"], how="left")
    keys = ["title", "org_full"]
    grouped = rows.groupby(keys, sort=False, dropna=False).agg(
        role_text=("role_text", "first"),
        org_parent=("org_parent", "first"),
        resolution=("org_resolution", "first"),
        articles=("article_title", lambda t: "；".join(dict.fromkeys(t.dropna()))),
        sentence=("sentence", lambda t: next(iter(t.dropna()), strings.BYLINE_SENTENCE)),
    )
    timeline = _spans_in_time(rows, keys).merge(grouped.reset_index(), on=keys, how="left")
    return timeline.assign(person=person)


def person_articles(data: DashboardData, person: str) -> pd.DataFrame:
    """The articles that name a person (role links or mentions), newest first (last in
    page order where there are no dates)."""
    ids = (
        set(data.tables["roles"].loc[lambda r: r["person"] == person, "article_id"])
        if data.has("roles")
        else set()
    )
    if data.has("mentions"):
        mentions = data.tables["mentions"]
        ids |= set(
            mentions.loc[
                (mentions["label"] == "PERSON") & (mentions["text"] == person), "article_id"
            ]
        )
    articles = _articles(data)
    return articles[articles["article_id"].isin(ids)].sort_values(
        ["date", "page_order"], ascending=False, na_position="last"
    )


def entity_counts(data: DashboardData, label: str, limit: int = 20) -> pd.DataFrame:
    """The `limit` organisations or places named in the most articles."""
    entities = data.tables["entities"]
    chosen = entities[entities["label"] == label]
    return chosen.sort_values(
        ["n_articles", "n_mentions", "name"], ascending=[False, False, True]
    ).head(limit)


def topic_names(data: DashboardData) -> dict[int, str]:
    """topic_id -> name; -1 (articles the topic model left out) is 未归类/离群."""
    names = {-1: strings.TOPIC_OUTLIER}
    if data.has("topics"):
        topics = data.tables["topics"]
        names |= {int(i): str(n) for i, n in zip(topics["topic_id"], topics["label"], strict=True)}
        names[-1] = strings.TOPIC_OUTLIER
    return names


def topic_rows(data: DashboardData) -> pd.DataFrame:
    """topic_id, label, top_terms (joined), n_articles; outliers (-1) as a topic of their
    own when the links have them."""
    topics = data.tables["topics"][["topic_id", "label", "top_terms", "n_articles"]]
    topics = topics.assign(top_terms=topics["top_terms"].map(lambda t: "、".join(t)))
    if data.has("article_topics"):
        links = data.tables["article_topics"]
        outliers = links.loc[links["topic_id"] == -1, "article_id"].nunique()
        if outliers and -1 not in set(topics["topic_id"]):
            extra = pd.DataFrame(
                {"topic_id": [-1], "label": [""], "top_terms": [""], "n_articles": [outliers]}
            )
            topics = pd.concat([topics, extra], ignore_index=True)
    names = topic_names(data)
    return topics.assign(label=topics["topic_id"].map(names).fillna(topics["label"]))


def topic_articles(data: DashboardData, topic_id: int) -> pd.DataFrame:
    links = data.tables["article_topics"]
    chosen = links[links["topic_id"] == topic_id].merge(_articles(data), on="article_id")
    return chosen.sort_values(["weight", "article_title"], ascending=[False, True])


def highlighted(body: str, mentions: pd.DataFrame) -> list[tuple[str, str | None]]:
    """The body cut into (text, label) pieces: PERSON/ORG/PLACE mentions carry their label,
    a ROLE the part of its span no entity covers (晶睿电子科技公司|董事长: the title), the
    text between them None. Entity mentions never overlap each other (docs/tables.md, mentions)."""
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
    """The people mentioned most (name, n_mentions, n_articles) with their titles and
    organisations (title（org）, in the order first stated)."""
    entities = data.tables["entities"]
    people = entities[entities["label"] == "PERSON"].sort_values(
        ["n_mentions", "name"], ascending=[False, True]
    )
    chosen = people.head(limit)[["name", "n_mentions", "n_articles"]]
    roles = data.tables["roles"] if data.has("roles") else pd.DataFrame(columns=["person"])
    roles = roles[roles["person"].isin(chosen["name"])]  # only the people shown
    held = (
        roles.assign(role=roles["title"] + roles["org_full"].fillna("").map(_in_brackets))
        .groupby("person")["role"]
        .agg(lambda r: "；".join(dict.fromkeys(r)))
        if not roles.empty
        else pd.Series(dtype=str)
    )
    return chosen.assign(roles=chosen["name"].map(held).fillna(""))


MAX_PAGE_PERIODS = 60


def topics_over_time(data: DashboardData) -> tuple[pd.DataFrame, str]:
    """Articles per topic per period (each article under its strongest topic): period,
    topic_id, topic, n_articles, in time order; and what the periods are. Periods are
    months (days when all dates fall in one month) where the pages carry dates, articles
    without a date under (无日期); otherwise the page order, in groups of pages when there
    are more than MAX_PAGE_PERIODS pages."""
    links = data.tables["article_topics"]
    strongest = links.sort_values("weight", ascending=False).drop_duplicates("article_id")
    rows = strongest.merge(_articles(data), on="article_id")
    rows = rows.assign(topic=rows["topic_id"].map(topic_names(data)).fillna("?"))
    dates = rows["date"]
    if dates.notna().any():
        months = dates.dt.strftime("%Y-%m")
        one_month = months.nunique() == 1
        period = dates.dt.strftime("%Y-%m-%d") if one_month else months
        axis = strings.AXIS_DAY if one_month else strings.AXIS_MONTH
        rows = rows.assign(period=period.fillna(strings.NO_DATE), key=period.fillna("9999"))
    else:
        n_pages = max(int(rows["page_order"].max()), 1) if not rows.empty else 1
        size = -(-n_pages // MAX_PAGE_PERIODS)  # pages per group
        group = (rows["page_order"] - 1).clip(lower=0) // size
        rows = rows.assign(key=group)
    counts = rows.groupby(["key", "topic_id", "topic"]).size().rename("n_articles").reset_index()
    if dates.notna().any():
        names = rows.drop_duplicates("key").set_index("key")["period"]
        counts.insert(1, "period", counts["key"].map(names))
    else:
        counts.insert(1, "period", counts["key"].map(
            lambda g: f"{g * size + 1}–{min((g + 1) * size, n_pages)}" if size > 1 else str(g + 1)
        ))  # fmt: skip
        axis = strings.AXIS_PAGE_ORDER
    counts = counts.sort_values(["key", "topic_id"], ignore_index=True).drop(columns="key")
    return counts, axis


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
    return DashboardData(tables, dict(data.messages), data.sentences_of)


def _recounted(
    entities: pd.DataFrame, mentions: pd.DataFrame, roles: pd.DataFrame | None
) -> pd.DataFrame:
    """Entities with n_mentions and n_articles counted over these mentions (and bylines)."""
    counted = mentions.dropna(subset=["entity_id"])[["entity_id", "article_id"]]
    if roles is not None:
        counted = pd.concat([counted, byline_credits(roles)[["entity_id", "article_id"]]])
    counts = counted.groupby("entity_id").agg(
        n_mentions=("article_id", "size"), n_articles=("article_id", "nunique")
    )
    kept = entities[entities["entity_id"].isin(counts.index)].drop(
        columns=["n_mentions", "n_articles"]
    )
    return kept.join(counts, on="entity_id")


def post_holders(data: DashboardData, label: str, name: str) -> pd.DataFrame:
    """Who held a post in an organisation (for a place: in the bodies named after it),
    earliest first: person, title, org_full, first/last date and page order, n_articles."""
    columns = ["person", "title", "org_full", "first_date", "last_date", "first_order",
               "last_order", "n_articles"]  # fmt: skip
    if not data.has("roles"):
        return pd.DataFrame(columns=columns)
    roles = data.tables["roles"]
    held = roles[_held_in(roles, label, name)]
    if held.empty:
        return pd.DataFrame(columns=columns)
    rows = held.merge(_articles(data), on="article_id", how="left")
    return _spans_in_time(rows, ["person", "title", "org_full"])[columns]


def entity_articles(data: DashboardData, label: str, name: str) -> pd.DataFrame:
    """The articles naming an organisation or place (its mentions, and the role links in
    it), in page order."""
    ids: set[str] = set()
    if data.has("roles"):
        roles = data.tables["roles"]
        ids |= set(roles.loc[_held_in(roles, label, name), "article_id"])
    if data.has("mentions", "entities"):
        entities = data.tables["entities"]
        chosen = entities[(entities["label"] == label) & (entities["name"] == name)]
        mentions = data.tables["mentions"]
        ids |= set(mentions.loc[mentions["entity_id"].isin(chosen["entity_id"]), "article_id"])
    articles = _articles(data)
    return articles[articles["article_id"].isin(ids)]


def _held_in(roles: pd.DataFrame, label: str, name: str) -> pd.Series:
    """Role links in this organisation (for a place: in bodies named after it, 丽水市政协)."""
    orgs = roles["org_full"].fillna("")
    return orgs.eq(name) | (orgs.str.startswith(name) if label == "PLACE" else False)


def entity_row(data: DashboardData, label: str, name: str) -> dict | None:
    """The entities row of this organisation or place, as a dict (None if not there)."""
    if not data.has("entities"):
        return None
    entities = data.tables["entities"]
    rows = entities[(entities["label"] == label) & (entities["name"] == name)]
    return rows.iloc[0].to_dict() if not rows.empty else None


def article_details(data: DashboardData, article_id: str) -> dict | None:
    """An article's fields (kicker, title, subtitle, byline, source tag, type, body) and its
    page's (paper, date, page number); None if there is no such article."""
    index = article_index(data)
    rows = index[index["article_id"] == article_id]
    if rows.empty:
        return None
    details = rows.iloc[0].to_dict()
    articles = data.tables["articles"]
    details["body"] = articles.loc[articles["article_id"] == article_id, "body"].iloc[0]
    return {k: (None if _missing(v) else v) for k, v in details.items()}


def _missing(value) -> bool:
    return value is None or (not isinstance(value, list | tuple) and bool(pd.isna(value)))


def article_links(data: DashboardData, article_id: str) -> pd.DataFrame:
    """The article's person ↔ title ↔ organisation links: person, title, org_full, method
    (text; a byline's sentence_idx is empty, so no Int64 column is filled with text)."""
    columns = ["person", "title", "org_full", "org_parent", "method"]
    if not data.has("roles"):
        return pd.DataFrame(columns=columns)
    roles = data.tables["roles"]
    links = roles.loc[roles["article_id"] == article_id, columns]
    return links.astype(object).where(links.notna(), "").reset_index(drop=True)
