"""The practice model as plain Python: no web, database or GraphQL framework is imported here."""
