// kg explain: the facts touching the nodes printed as $name (name, 文号 or one of its aliases), in source order.
MATCH (a)-[r]->(b)
WHERE a.name = $name OR b.name = $name OR a.doc_number = $name OR b.doc_number = $name
   OR $name IN a.aliases OR $name IN b.aliases
RETURN a, r, b
ORDER BY r.file, r.char_start
LIMIT $limit
