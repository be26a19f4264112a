// A token that changes with every load: totals of nodes and relationships (count store, O(1)).
CALL { MATCH (n) RETURN count(n) AS nodes }
CALL { MATCH ()-[r]->() RETURN count(r) AS rels }
RETURN nodes, rels
