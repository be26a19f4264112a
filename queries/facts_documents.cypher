// Fact view: documents printed in one input file.
MATCH (d:Document)
WHERE d.in_corpus = true AND d.file = $file
RETURN d.title AS title, d.doc_number AS doc_number, d.issuer AS issuer, d.date AS date,
       d.section AS section, d.line AS line, d.kind AS kind
ORDER BY line
