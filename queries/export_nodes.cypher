// Every node (for RDF export).
MATCH (n)
RETURN n
