-- The months in which a place had any child measured (issue 16): a report opens on the latest
-- of them and offers the others. Months with tallies but no child measured (a Posyandu's
-- visitors only) are many on a district that records monthly; without this index, finding
-- the latest measured month read every such row (the demo district: 3,792 rows, 1.3 ms on
-- SQLite, on every district page that opens a nutrition figure).
-- Keep in step with ../postgres/0018_measured_months.sql.

CREATE INDEX nutrition_months_measured_idx ON nutrition_months (month, desa_code) WHERE measured > 0;
