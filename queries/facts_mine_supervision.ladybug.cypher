// Fact view: 挂牌 coal-mine supervision.
MATCH (p)-[r:SUPERVISES]->(m:CoalMine)
WHERE r.file = $file
RETURN r.doc_number AS doc, m.name AS mine, r.district AS district, r.gas_level AS gas_level,
       label(p) AS leader_label, p.name AS leader, r.position AS leader_position, r.level AS level,
       r.confidence AS confidence, r.line AS line
ORDER BY line, level
