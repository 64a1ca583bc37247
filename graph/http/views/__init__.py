"""HTML views of linked-data pages, one module per kind of resource (by IRI path segment)."""
