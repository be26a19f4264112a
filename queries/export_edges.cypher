// Every relationship with its endpoints' ids (for RDF export).
MATCH (a)-[r]->(b)
RETURN a.id AS s, r, b.id AS o
