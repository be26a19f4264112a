// Every repeal: which document, by which later one, when (kg audit).
MATCH (later:Document)-[r:REPEALS]->(d:Document)
RETURN d.doc_number AS repealed, later.doc_number AS by_doc, later.date AS by_date,
       r.file AS file, r.line AS line, r.evidence AS evidence
ORDER BY repealed, by_date
