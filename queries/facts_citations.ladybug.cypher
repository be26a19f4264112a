// Fact view: CITES / REPEALS edges found in one input file.
MATCH (a:Document)-[r:CITES|REPEALS]->(b:Document)
WHERE r.file = $file
RETURN a.doc_number AS from_doc, b.doc_number AS to_doc, label(r) AS rel, r.line AS line
ORDER BY line, to_doc
