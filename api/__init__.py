"""The serving layer (GraphQL and REST over a SQLite build): placeholder until issue 4."""
