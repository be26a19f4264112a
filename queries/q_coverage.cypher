// Coverage: the regions of documents that looked like a table, roster or list and gave no fact.
MATCH (d:Document)-[:LEFT_UNREAD]->(u:UnreadRegion)
WHERE $file = '' OR u.file = $file
RETURN u.file AS file, u.doc_number AS doc_number, d.title AS document, u.line AS line, u.end_line AS end_line,
       u.region AS region, u.reason AS reason, u.text AS text
ORDER BY file, line, region
