"""What the server may rely on in a built database: the names of the build's own tables and the
layout version. The server imports this module, never the build (which imports the validator).
"""

META_TABLE = "ledger_meta"
# The database layout the server's queries expect, kept in META_TABLE: raised whenever a build
# adds something they rely on (2: rows in key order and the indexes of rows not active; 3: the
# largest fan-out of each relation, `fan_out`; 4: full-text indexes that stem English words), so
# a database built before is refused with a message instead of failing on a missing table or key
# (or, for 4, missing every inflected form).
LAYOUT = "4"
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
