// Who leads / is responsible for / supports the tasks whose text contains $text.
MATCH (a)-[r:LEADS|RESPONSIBLE_FOR|SUPPORTS]->(t:Task)
WHERE t.text CONTAINS $text
RETURN t.text AS task, t.doc_number AS doc_number, t.deadline AS deadline, label(r) AS rel,
       a.name AS unit, r.as_printed AS as_printed, r.file AS file, r.line AS line, r.evidence AS evidence
ORDER BY doc_number, line, rel, unit
