// Documents that cite any of $numbers.
MATCH (d:Document)-[r:CITES]->(x:Document)
WHERE x.doc_number IN $numbers
RETURN d.doc_number AS from_doc, d.title AS from_title, x.doc_number AS to_doc,
       r.file AS file, r.line AS line, r.evidence AS evidence
ORDER BY from_doc
