// Fact view: appointments (任命) and removals (免去).
MATCH (p:Person)-[r:APPOINTED_TO|REMOVED_FROM]->(x:Post)
WHERE r.file = $file
RETURN r.doc_number AS doc, p.name AS person, label(r) AS rel, r.position AS position, r.line AS line
ORDER BY line, person
