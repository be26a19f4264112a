// Every document with its city and date (kg audit, kg diff).
MATCH (d:Document)
RETURN d.doc_number AS doc_number, d.city AS city, d.date AS date, d.title AS title, d.in_corpus AS in_corpus
ORDER BY doc_number
