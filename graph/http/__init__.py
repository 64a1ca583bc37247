"""HTTP routes of the server: SPARQL protocol, query execution, pages, API, dumps."""
