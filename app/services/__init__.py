"""The service layer: every interface (REST, GraphQL, sector adapters, CLI) calls these functions.

A service function receives the unit of work, the acting principal and typed input; it applies the
domain rules, changes rows, records events and flushes. It never commits.
"""
