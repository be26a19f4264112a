// The people who lead groups ($roles: 组长 …), with the post they led them in (kg audit).
MATCH (p:Person)-[r:MEMBER_OF]->(g:`Group`)
WHERE r.role IN $roles
RETURN g.id AS group_id, g.name AS group_name, g.city AS city, p.name AS leader, p.city AS person_city,
       r.role AS role, r.position AS position, r.doc_number AS doc_number, r.file AS file, r.line AS line,
       r.evidence AS evidence
ORDER BY group_id, leader
