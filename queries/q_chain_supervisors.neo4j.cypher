// 挂牌 assignments of one mine: who, at which level, by which document.
MATCH (p)-[r:SUPERVISES]->(m:CoalMine)
WHERE m.id = $mine_id
OPTIONAL MATCH (d:Document)
WHERE d.doc_number = r.doc_number
RETURN labels(p)[0] AS kind, p.name AS leader, r.position AS position, r.level AS level, r.doc_number AS doc_number,
       d.title AS doc_title, d.date AS doc_date, r.valid_from AS valid_from, r.valid_to AS valid_to,
       r.confidence AS confidence, r.reason AS reason, r.file AS file, r.line AS line, r.evidence AS evidence
ORDER BY level, doc_date, leader
