// A token that changes with every load: totals of nodes and relationships.
MATCH (n) WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels
