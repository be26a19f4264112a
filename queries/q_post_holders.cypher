// Appointments to and removals from posts named $post (person, date, document).
MATCH (x:Person)-[a:APPOINTED_TO]->(q:Post)
WHERE q.name = $post OR q.name ENDS WITH $post
RETURN x.name AS person, 'appoint' AS action, a.date AS date, a.doc_number AS doc_number,
       a.file AS file, a.line AS line, a.evidence AS evidence
ORDER BY date, person
