"""Explorer pages: the dataset as people read it, server-rendered from the same SQLite build."""
