-- Per-device counters, changed only inside the transactions that use them:
--   seq      the next record's seq, read and advanced in the capture transaction, so a
--            rolled-back capture never consumes a number and none is handed out twice;
--   rejected how many records the hub has refused, advanced in the ack transaction.
CREATE TABLE counters (
    name       VARCHAR(32) PRIMARY KEY,
    next_value BIGINT      NOT NULL
);
INSERT INTO counters (name, next_value) VALUES ('seq', 1), ('rejected', 0);

-- When the hub last acknowledged anything (one row), so status needs no scan of records.
CREATE TABLE sync_state (
    id          INT PRIMARY KEY CHECK (id = 1),
    last_ack_at TIMESTAMP(3) WITH TIME ZONE
);
INSERT INTO sync_state (id, last_ack_at) VALUES (1, NULL);

-- Every record the kiosk captured. Personal details are only ever here sealed to the hub's key.
-- Keyed by seq so rows lie in capture order: sending and settling a batch touch few pages.
CREATE TABLE records (
    seq             BIGINT                      PRIMARY KEY,
    id              UUID                        NOT NULL UNIQUE,
    type            VARCHAR(16)                 NOT NULL,
    captured_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    boot_id         UUID                        NOT NULL,
    mono_millis     BIGINT                      NOT NULL,
    event_id        VARCHAR(64),
    lang            VARCHAR(2)                  NOT NULL,
    schema_version  INT                         NOT NULL,
    fields_json     VARCHAR(8192)               NOT NULL,
    sealed          VARCHAR(20000),
    synced_at       TIMESTAMP(3) WITH TIME ZONE,
    rejected_reason VARCHAR(1000)
);

-- One row per record the hub has not yet acknowledged (accepted or rejected), same seq.
CREATE TABLE outbox (
    seq       BIGINT PRIMARY KEY REFERENCES records (seq),
    record_id UUID   NOT NULL
);
