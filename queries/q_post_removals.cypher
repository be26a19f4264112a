// Removals from posts named $post.
MATCH (x:Person)-[a:REMOVED_FROM]->(q:Post)
WHERE q.name = $post OR q.name ENDS WITH $post
RETURN x.name AS person, 'remove' AS action, a.date AS date, a.doc_number AS doc_number,
       a.file AS file, a.line AS line, a.evidence AS evidence
ORDER BY date, person
