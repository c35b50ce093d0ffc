"""Curators' tools that write the package: canonical CSV form (`fmt`) and the id manifest."""
