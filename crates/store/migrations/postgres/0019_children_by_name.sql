-- The register of children in name order (issue 16): its first page is the first 200 children
-- of the reader's area by name and date of birth. Without this index every child of the area
-- was read, joined to its Posyandu and desa, and sorted to keep 200 (the demo district's
-- 15,000 children: 11 ms of SQLite's time for a Dinkes reader); with it the register walks
-- the names in order and stops at the page's end (0.7 ms).
-- Keep in step with ../sqlite/0019_children_by_name.sql.

CREATE INDEX children_name_idx ON children (name, birth_date);
