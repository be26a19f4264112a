// Every task with the units that lead, are responsible for or support it (kg audit, kg diff).
MATCH (t:Task)
OPTIONAL MATCH (a)-[r]->(t)
WHERE label(r) IN ['LEADS', 'RESPONSIBLE_FOR', 'SUPPORTS']
RETURN t.id AS task_id, t.text AS text, t.deadline AS deadline, t.doc_number AS doc_number, t.file AS file,
       t.line AS line, label(r) AS rel, a.name AS unit, r.as_printed AS as_printed, r.evidence AS evidence
ORDER BY task_id, rel, unit
