"""What the server may rely on in a built database: the names of the build's own tables and the
layout version. The server imports this module, never the build (which imports the validator).
"""

META_TABLE = "ledger_meta"
# The database layout the server's queries expect, kept in META_TABLE: raised whenever a build
# adds something they rely on (2: rows in key order and the indexes of rows not active; 3: the
# largest fan-out of each relation, `fan_out`; 4: full-text indexes that stem English words; 5:
# the written forms of each term, SEARCH_FORMS_TABLE), so a database built before is refused
# with a message instead of failing on a missing table or key (or, for 4, missing every
# inflected form).
LAYOUT = "5"
RETIRED_FTS = "_fts_retired"  # suffix of the full-text index of a table's rows not active
# English text: the Porter stemmer over unicode61, so a word finds its inflected forms ("warn":
# warned, warning, warns) and a name still finds itself; queries go through the same tokenizer,
# and so does the search page's marking of the words in the hits it shows.
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"
FILES_TABLE = "ledger_files"  # the package's own files, served as downloads
# Where each statement's quote lies in its article's archived text, as the explorer's pages mark
# it (`catalogue.text.locate`): statement_id, and start and end offsets in the text (NULL when
# the quote is not found). Worked out by the build; a database without it (built before) has
# its pages locate the quotes themselves.
QUOTE_SPANS_TABLE = "ledger_quote_spans"
# The order a search lists a table's hits in when too many match to rank them by relevance
# (api.explorer.search): table -> (sort column, descending), then the id the same way. Per table
# the build keeps its active rows' words in that order (`build._search_orders`): the full-text
# index `{table}{ORDERED_FTS}`, whose rowid is a row's position in the order, and the table
# `{table}{ORDERED_ROWS}` (position INTEGER PRIMARY KEY, row: the table's rowid), so that a page
# of those hits reads the index from its start, marks the words of that page and stops. Absent
# from databases built before: a search then walks the table's sort index (as it did).
BROAD_ORDER = {
    "statements": ("said_on", True),
    "contradictions": ("contradiction_id", False),
    "actors": ("name", False),
    "outlets": ("name", False),
    "articles": ("published_on", True),
    "events": ("start_date", True),
}
ORDERED_FTS = "_fts_ordered"
ORDERED_ROWS = "_ordered_rows"
# Suffix of a table of each term of `{table}_fts` (as its tokenizer left it): (term, matches: the
# rows holding it, retired: those of them not active), from which a one-word search reads its
# counts instead of counting the term's rows in the index.
TERMS = "_fts_terms"
# A search ranks a table's hits by relevance (bm25) when at most this many rows match, and lists
# them in BROAD_ORDER beyond (api.explorer.search).
RANKED_AT_MOST = 500
# Suffix of a table of each term matching RANKED_AT_MOST rows at most, with active ones: (term,
# position, row: a rowid) lists those active rows ranked as a search of the term ranks them, so
# that a one-word search reads its page there instead of computing bm25 for every match.
RANKED = "_fts_ranked"
# Suffix of a table of each term matching more rows, with active ones: (term, position, row)
# lists the first FIRST_LISTED of those in BROAD_ORDER, the first page a search shows, so that a
# one-word search reads it there instead of the term's matches in `{table}{ORDERED_FTS}`.
FIRST = "_fts_first"
FIRST_LISTED = 20
# Every word of the searched columns as it is written, under its term in the full-text indexes:
# (term, form), a form being a run of the characters the tokenizer keeps in a token. The meta
# key TOKEN_CHARACTERS holds those characters (of the searched text: a JSON string), so that the
# search page marks a one-word search's words in its hits by finding the term's forms with
# nothing but token characters around them (api.explorer.search) instead of FTS5's highlight(),
# which reads and tokenizes every hit again.
SEARCH_FORMS_TABLE = "ledger_search_forms"
TOKEN_CHARACTERS = "search_token_characters"


def broad_keys(sort_expression: str, id_column: str, column: str, descending: bool) -> str:
    """The ORDER BY of a table's BROAD_ORDER: the column's sort expression (the catalogue's
    `Table.sort_expression`), then the id, both `descending` or not."""
    direction = " DESC" if descending else ""
    key = f"{sort_expression}{direction}"
    return key + (f', "{id_column}"{direction}' if column != id_column else "")
