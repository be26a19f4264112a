// Coal mines whose name contains $mine, with district and owner.
MATCH (m:CoalMine)
WHERE m.name CONTAINS $mine
OPTIONAL MATCH (m)-[:OWNED_BY]->(e:Enterprise)
OPTIONAL MATCH (m)-[:LOCATED_IN]->(pl:Place)
RETURN m.id AS id, m.name AS mine, m.district AS district, m.gas_level AS gas_level, m.city AS city,
       e.name AS owner, pl.name AS place
ORDER BY mine
