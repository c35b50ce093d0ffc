"""The GraphQL side: types, per-request DataLoaders, limits and the ASGI view."""
