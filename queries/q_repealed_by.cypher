// Documents that repeal any of $numbers, with their dates.
MATCH (later:Document)-[r:REPEALS]->(d:Document)
WHERE d.doc_number IN $numbers
RETURN d.doc_number AS repealed, later.doc_number AS by_doc, later.title AS by_title, later.date AS by_date,
       r.file AS file, r.line AS line, r.evidence AS evidence
ORDER BY repealed, by_date
