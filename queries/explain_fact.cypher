// kg explain: one fact (relationship) by its id, with both ends.
MATCH (a)-[r]->(b)
WHERE r.id = $id
RETURN a, r, b
