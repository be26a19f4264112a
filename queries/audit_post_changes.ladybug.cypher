// Every dated appointment and removal with its person and post (kg audit).
MATCH (x:Person)-[a:APPOINTED_TO|REMOVED_FROM]->(q:Post)
WHERE a.date IS NOT NULL
RETURN label(a) AS action, x.name AS person, x.city AS city, q.name AS post, a.date AS date,
       a.doc_number AS doc_number, a.file AS file, a.line AS line, a.evidence AS evidence
ORDER BY date, person, action
