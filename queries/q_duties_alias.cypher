// Agencies one of whose printed forms (aliases) is exactly $name.
MATCH (a:Agency)
WHERE $name IN a.aliases
RETURN a.name AS name
