// Fact view: persons and the posts printed beside them.
MATCH (p:Person)-[r:HOLDS_POST]->(x:Post)
WHERE r.file = $file
RETURN p.name AS person, r.position AS position, r.agency AS agency, r.line AS line
ORDER BY line, person
