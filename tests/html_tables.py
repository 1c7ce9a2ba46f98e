"""The tables of a rendered page, read as a person reads them: by table id, then section
(thead, tbody, tfoot), then row; each cell with its text and the first link in it."""

from html.parser import HTMLParser


class _Tables(HTMLParser):
    """Every table of a page by id; a row has its key (data-key, data-figure or data-pk) and
    its cells."""

    def __init__(self):
        super().__init__()
        self.tables = {}
        self._table = self._section = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(
                attrs.get("id"), {"thead": [], "tbody": [], "tfoot": []}
            )
        elif tag in {"thead", "tbody", "tfoot"} and self._table is not None:
            self._section = tag
        elif tag == "tr" and self._section:
            key = attrs.get("data-key") or attrs.get("data-figure") or attrs.get("data-pk")
            self._row = {"key": key, "cells": []}
            self._table[self._section].append(self._row)
        elif tag in {"th", "td"} and self._row is not None:
            self._cell = {"text": [], "href": None}
        elif tag == "a" and self._cell is not None and self._cell["href"] is None:
            self._cell["href"] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag in {"th", "td"} and self._cell is not None:
            self._cell["text"] = " ".join("".join(self._cell["text"]).split())
            self._row["cells"].append(self._cell)
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag in {"thead", "tbody", "tfoot"}:
            self._section = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"].append(data)


def tables(response):
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def table_texts(response):
    """Like `tables`, but each row is just the list of its cells' texts."""
    return {
        table_id: {
            section: [[cell["text"] for cell in row["cells"]] for row in rows]
            for section, rows in sections.items()
        }
        for table_id, sections in tables(response).items()
    }
