// One document by 文号.
MATCH (d:Document)
WHERE d.doc_number = $number
RETURN d.doc_number AS doc_number, d.title AS title, d.issuer AS issuer, d.date AS date, d.kind AS kind,
       d.in_corpus AS in_corpus, d.file AS file, d.line AS line
