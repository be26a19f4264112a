// Every relationship with its endpoints' labels and ids (for the neo4j-admin CSV export).
MATCH (a)-[r]->(b)
RETURN label(a) AS src_label, a.id AS src, r, label(b) AS dst_label, b.id AS dst
