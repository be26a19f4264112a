// Fact view: who leads / is responsible for / supports each task.
MATCH (a)-[r:LEADS|RESPONSIBLE_FOR|SUPPORTS]->(t:Task)
WHERE r.file = $file
RETURN t.id AS task_id, t.doc_number AS doc, t.text AS text, t.deadline AS deadline, t.line AS line,
       type(r) AS rel, r.as_printed AS agency, r.ordinal AS ordinal
ORDER BY line, task_id, rel, ordinal
