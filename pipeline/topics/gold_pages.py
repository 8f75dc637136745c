"""Articles of labelled pages (data.renminribao_pages) as a table for the topic evaluation:
the gold spans cut the pages, since the evaluation measures topics, not splitting."""

from __future__ import annotations

import pandas as pd

from pipeline.segment.gold import GoldPage


def gold_articles(pages: list[GoldPage]) -> pd.DataFrame:
    """One row per gold article: article_id (page_id#position), page_id, date, title and
    body (the span without its heading lines), n_chars of the body."""
    rows = []
    for page in pages:
        for position, article in enumerate(page.articles):
            lines = page.text[article.span[0] : article.span[1]].split("\n")
            headings = {h for h in (article.kicker, article.title, article.subtitle) if h}
            while lines and (not lines[0].strip() or lines[0] in headings):
                lines.pop(0)
            body = "\n".join(lines).strip("\n")
            rows.append(
                (f"{page.page_id}#{position:02d}", page.page_id, page.date, article.title, body)
            )
    articles = pd.DataFrame(rows, columns=["article_id", "page_id", "date", "title", "body"])
    articles["date"] = pd.to_datetime(articles["date"])
    articles["n_chars"] = articles["body"].str.len()
    return articles
