-- Portable SQL (H2 and PostgreSQL), like V1.

-- The same counts as figure_counts, summed by month (ym = year * 100 + month, e.g. 202604). A
-- business year, a half or a quarter is whole months: its figures read these few rows; only the
-- part-months at the ends of a chosen date range read figure_counts' days. Kept by ingest in the
-- same transaction.
CREATE TABLE figure_months (
    ym          INTEGER       NOT NULL,
    dim         VARCHAR(16)   NOT NULL,
    dim_key     VARCHAR(100)  NOT NULL,
    type        VARCHAR(16)   NOT NULL,
    n           BIGINT        NOT NULL,
    CONSTRAINT figure_months_pk PRIMARY KEY (ym, dim, dim_key, type)
);

INSERT INTO figure_months (ym, dim, dim_key, type, n)
    SELECT CAST(EXTRACT(YEAR FROM figure_date) AS INTEGER) * 100 + CAST(EXTRACT(MONTH FROM figure_date) AS INTEGER),
           dim, dim_key, type, SUM(n)
    FROM figure_counts
    GROUP BY CAST(EXTRACT(YEAR FROM figure_date) AS INTEGER) * 100 + CAST(EXTRACT(MONTH FROM figure_date) AS INTEGER),
             dim, dim_key, type;
