// Fact view: members of leading groups (persons, or posts when no name is printed).
MATCH (m)-[r:MEMBER_OF]->(g:Group)
WHERE r.file = $file
RETURN r.doc_number AS doc, g.name AS group_name, labels(m)[0] AS member_label, m.name AS member,
       r.role AS role, r.position AS position, r.line AS line, r.ordinal AS ordinal
ORDER BY line, ordinal
