// Every relationship with its endpoints' labels and ids (for the neo4j-admin CSV export).
MATCH (a)-[r]->(b)
RETURN labels(a)[0] AS src_label, a.id AS src, r, labels(b)[0] AS dst_label, b.id AS dst
