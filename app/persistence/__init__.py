"""Storage: SQLModel tables, repositories and the unit of work. The only package that knows SQL."""
