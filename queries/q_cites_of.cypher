// What documents $numbers cite (one hop), with the cited document when printed in the corpus.
MATCH (d:Document)-[r:CITES]->(x:Document)
WHERE d.doc_number IN $numbers
RETURN d.doc_number AS from_doc, x.doc_number AS to_doc, x.title AS to_title, x.issuer AS to_issuer,
       r.file AS file, r.line AS line, r.evidence AS evidence
ORDER BY from_doc, to_doc
