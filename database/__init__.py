"""The SQLite database built from a validated package, and the layout the server reads."""
