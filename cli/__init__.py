"""The `statement-ledger` command: one entry point for curators, maintainers and servers."""
