"""The serving layer: builds a read-only SQLite database from the validated package and serves
it as GraphQL, REST, explorer pages and the package's own files."""
