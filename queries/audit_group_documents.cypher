// Which document set up each group (kg audit).
MATCH (g:`Group`)-[r:SET_UP_BY]->(d:Document)
RETURN g.id AS group_id, g.name AS group_name, g.city AS city, d.doc_number AS doc_number,
       r.file AS file, r.line AS line, r.evidence AS evidence
ORDER BY group_id
