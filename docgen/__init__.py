"""Documentation generated from the code and schemas (README's data dictionary and rule table)."""
