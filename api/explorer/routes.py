"""The explorer's URLs (none collides with /api/v1, /graphql or the package downloads)."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from statement_ledger.api.explorer import lists, pages, search, timeline_page

GET = ["GET", "HEAD"]

# Starlette tries each route in turn until one matches (1-2 µs each; /search, last of 24,
# spent 37 µs finding its route): the costliest pages first, then the other pages of one row,
# then the lists. No two of these paths match the same URL, so the order changes nothing else.
routes: list[BaseRoute] = [
    Route("/", pages.page(pages.home), methods=GET),
    Route("/search", pages.page(search.search_page), methods=GET),
    Route("/timeline", pages.page(timeline_page.timeline_page), methods=GET),
    Route("/contradictions/{id:str}", pages.page(pages.contradiction), methods=GET),
    Route("/statements/{id:str}", pages.page(pages.statement), methods=GET),
    Route("/outlets/{id:str}", pages.page(pages.outlet), methods=GET),
    Route("/articles/{id:str}", pages.page(pages.article), methods=GET),
    Route("/actors/{id:str}", pages.page(pages.actor), methods=GET),
    Route("/events/{id:str}", pages.page(pages.event), methods=GET),
    *(
        Route(f"/{table}", pages.page(lists.list_page(table)), methods=GET)
        for table in lists.TITLES
    ),
]
