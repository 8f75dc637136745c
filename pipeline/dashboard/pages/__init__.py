"""One module per tab of the dashboard; each lists the views it answers in ROUTES."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.dashboard.data import DashboardData
from pipeline.dashboard.pages import articles, entities, overview, person, search, topics
from pipeline.dashboard.requests import Route

Page = Callable[[DashboardData, Route], list]
# View name -> page function; the overview ("") for anything else.
PAGES: dict[str, Page] = {
    view: page
    for tab in (overview, search, person, entities, topics, articles)
    for view, page in tab.ROUTES.items()
}
