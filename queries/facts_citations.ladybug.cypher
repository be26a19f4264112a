// Fact view: CITES / REPEALS edges found in one input file (a target known by its title only: the title).
MATCH (a:Document)-[r:CITES|REPEALS]->(b:Document)
WHERE r.file = $file
RETURN a.doc_number AS from_doc, coalesce(b.doc_number, b.title) AS to_doc, label(r) AS rel, r.line AS line
ORDER BY line, to_doc
