// Every 挂牌 assignment with its mine (kg audit, kg diff).
MATCH (p)-[r:SUPERVISES]->(m:CoalMine)
RETURN m.id AS mine_id, m.name AS mine, m.city AS city, m.district AS district, m.gas_level AS mine_gas,
       labels(p)[0] AS kind, p.name AS leader, r.position AS position, r.level AS level, r.gas_level AS gas_level,
       r.doc_number AS doc_number, r.valid_from AS valid_from, r.valid_to AS valid_to,
       r.confidence AS confidence, r.file AS file, r.line AS line, r.evidence AS evidence
ORDER BY mine_id, level, doc_number, leader
