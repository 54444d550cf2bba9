-- Person and payer references compare byte for byte (issue 15). They are opaque keys (a keyed
-- hash of the ID number, or letters, digits and ._:@- from a bulk enrolment), never text for
-- people to sort, yet their unique indexes compared them by the server's locale: strcoll for every
-- comparison, about a fifth of the cost of inserting a million random references into a unique
-- index of two million (PostgreSQL 15, C.UTF-8: 5.4 s against 6.8 s), and a different order on a
-- server whose locale is not PGlite's. people.id_hash is joined to persons.ref, so it follows:
-- an index serves a comparison only in its own collation.
ALTER TABLE persons ALTER COLUMN ref TYPE text COLLATE "C";
ALTER TABLE payers ALTER COLUMN ref TYPE text COLLATE "C";
ALTER TABLE people ALTER COLUMN id_hash TYPE text COLLATE "C";
