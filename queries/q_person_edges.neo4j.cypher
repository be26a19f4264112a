// Everything recorded about a person: posts over time, groups, appointments, supervisions, tasks.
MATCH (p:Person)-[r]->(x)
WHERE p.name = $name
RETURN p.name AS person, p.city AS city, type(r) AS rel, labels(x)[0] AS target_kind, x.name AS target,
       r.role AS role, r.position AS position, r.level AS level,
       coalesce(r.date, r.since, r.valid_from) AS date, r.doc_number AS doc_number,
       r.file AS file, r.line AS line, r.evidence AS evidence
ORDER BY city, date, rel, target, line
