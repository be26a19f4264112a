// Everything an agency, person or post ($name, matched on name or alias) leads, supports, sits on, supervises, holds.
MATCH (a)-[r]->(x)
WHERE (a.name = $name OR a.name CONTAINS $name)
  AND type(r) IN ['LEADS', 'RESPONSIBLE_FOR', 'SUPPORTS', 'MEMBER_OF', 'SUPERVISES', 'HOLDS_POST', 'APPOINTED_TO', 'REMOVED_FROM']
RETURN labels(a)[0] AS kind, a.name AS name, type(r) AS rel, x.name AS target, labels(x)[0] AS target_kind,
       r.role AS role, r.position AS position, r.level AS level, r.doc_number AS doc_number,
       r.file AS file, r.line AS line, r.evidence AS evidence
ORDER BY name, rel, doc_number, line, target
