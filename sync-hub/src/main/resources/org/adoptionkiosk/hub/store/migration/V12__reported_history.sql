-- Portable SQL (H2 and PostgreSQL), like V1. Counts from before the kiosks (hub/history).

-- The service's own performance system has counted enquiries (and, where known, approvals) per
-- region per half of a business year since 2014. `sync-hub.jar history import FILE` loads them here
-- so the half-year report can compare with earlier years; they are shown as "reported", never as
-- "captured". One row per region and half: importing the same file again changes nothing, and a
-- corrected file replaces the row's counts. Nothing here is personal.
CREATE TABLE reported_halves (
    region         VARCHAR(63)   NOT NULL,
    business_year  INTEGER       NOT NULL,
    half           SMALLINT      NOT NULL,
    enquiries      INTEGER       NOT NULL,
    approvals      INTEGER,
    imported_from  VARCHAR(255)  NOT NULL,
    imported_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT reported_halves_pk PRIMARY KEY (region, business_year, half),
    CONSTRAINT reported_halves_half CHECK (half IN (1, 2)),
    CONSTRAINT reported_halves_counts CHECK (enquiries >= 0 AND (approvals IS NULL OR approvals >= 0))
);
