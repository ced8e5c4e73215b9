-- The benchmark table: :rows rows x 8 columns (bigint, int, double, numeric(12,2), text of 20
-- characters, bool, date, timestamptz), frozen so that reads never write hint bits.
DROP TABLE IF EXISTS bench;
CREATE TABLE bench (
  id bigint,
  qty integer,
  score double precision,
  price numeric(12, 2),
  label text,
  flag boolean,
  day date,
  at timestamptz
);
INSERT INTO bench
SELECT g,
       (g % 1000000)::integer,
       g * 0.25,
       ((g * 7919) % 100000000) / 100.0,
       substr(md5(g::text), 1, 20),
       g % 3 = 0,
       date '2000-01-01' + (g % 10000)::integer,
       timestamptz '2020-01-01 00:00:00+00' + g * interval '1 second'
FROM generate_series(1::bigint, :rows) AS g;
VACUUM (FREEZE, ANALYZE) bench;
