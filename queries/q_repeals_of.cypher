// What documents $numbers repeal.
MATCH (d:Document)-[r:REPEALS]->(x:Document)
WHERE d.doc_number IN $numbers
RETURN d.doc_number AS from_doc, x.doc_number AS to_doc, x.title AS to_title,
       r.file AS file, r.line AS line, r.evidence AS evidence
ORDER BY from_doc, to_doc
