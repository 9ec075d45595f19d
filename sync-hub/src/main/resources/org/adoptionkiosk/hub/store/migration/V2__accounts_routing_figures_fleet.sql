-- Portable SQL (H2 and PostgreSQL), like V1.

-- What the figures count by, kept from the record at ingest: the enquiry's topic.
ALTER TABLE records ADD COLUMN topic VARCHAR(100);

-- Canonical fields JSON has sorted keys and no spaces, so the three topics a kiosk offers are
-- found exactly; anything else counts as no topic.
UPDATE records SET topic = CASE
    WHEN fields_json LIKE '%"topic":"adopting"%' THEN 'adopting'
    WHEN fields_json LIKE '%"topic":"support"%' THEN 'support'
    WHEN fields_json LIKE '%"topic":"other"%' THEN 'other'
    END
WHERE type = 'enquiry';

-- The figures read these per-day counts, one dimension at a time, rather than every record: a
-- business year is then a few thousand rows however many records it holds. Ingest adds to them in
-- the transaction that stores the records, so they always agree with the records table.
-- dim_key is '' for "none" (no council, no event, no topic).
CREATE TABLE figure_counts (
    figure_date DATE          NOT NULL,
    dim         VARCHAR(16)   NOT NULL,
    dim_key     VARCHAR(100)  NOT NULL,
    type        VARCHAR(16)   NOT NULL,
    n           BIGINT        NOT NULL,
    CONSTRAINT figure_counts_pk PRIMARY KEY (figure_date, dim, dim_key, type)
);

INSERT INTO figure_counts (figure_date, dim, dim_key, type, n)
    SELECT figure_date, 'council', COALESCE(local_authority, ''), type, COUNT(*) FROM records
    GROUP BY figure_date, COALESCE(local_authority, ''), type;
INSERT INTO figure_counts (figure_date, dim, dim_key, type, n)
    SELECT figure_date, 'event', COALESCE(event_id, ''), type, COUNT(*) FROM records
    GROUP BY figure_date, COALESCE(event_id, ''), type;
INSERT INTO figure_counts (figure_date, dim, dim_key, type, n)
    SELECT figure_date, 'kiosk', device_id, type, COUNT(*) FROM records
    GROUP BY figure_date, device_id, type;
INSERT INTO figure_counts (figure_date, dim, dim_key, type, n)
    SELECT figure_date, 'lang', lang, type, COUNT(*) FROM records
    GROUP BY figure_date, lang, type;
INSERT INTO figure_counts (figure_date, dim, dim_key, type, n)
    SELECT figure_date, 'topic', COALESCE(topic, ''), type, COUNT(*) FROM records
    GROUP BY figure_date, COALESCE(topic, ''), type;

-- Each enquiry's route and follow-up. Written with the record, in the same transaction.
-- route_kind: region | agency | central; region_id is the council's region whatever the route.
CREATE TABLE enquiries (
    device_id                  VARCHAR(63)   NOT NULL,
    record_id                  UUID          NOT NULL,
    received_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    enquiry_date               DATE          NOT NULL,
    due_date                   DATE          NOT NULL,
    route_kind                 VARCHAR(8)    NOT NULL,
    route_id                   VARCHAR(100)  NOT NULL,
    region_id                  VARCHAR(100),
    local_authority            VARCHAR(100),
    topic                      VARCHAR(100),
    lang                       VARCHAR(2)    NOT NULL,
    claimed_by                 VARCHAR(64),
    claimed_at                 TIMESTAMP WITH TIME ZONE,
    first_response_on          DATE,
    first_response_method      VARCHAR(16),
    first_response_by          VARCHAR(64),
    outcome                    VARCHAR(32),
    closed_at                  TIMESTAMP WITH TIME ZONE,
    personal_erased_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT enquiries_pk PRIMARY KEY (device_id, record_id),
    CONSTRAINT enquiries_record_fk FOREIGN KEY (device_id, record_id) REFERENCES records (device_id, id)
);

CREATE INDEX enquiries_queue ON enquiries (route_kind, route_id, closed_at);
CREATE INDEX enquiries_date ON enquiries (enquiry_date);

-- Hub users. Passwords are bcrypt hashes; a regional user is bound to one region or one agency.
CREATE TABLE users (
    username       VARCHAR(64)   NOT NULL,
    password_hash  VARCHAR(100)  NOT NULL,
    role           VARCHAR(16)   NOT NULL,
    scope_kind     VARCHAR(8),
    scope_id       VARCHAR(100),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    disabled_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT users_pk PRIMARY KEY (username)
);

-- Signed-in sessions: only a SHA-256 of the cookie's token is stored.
CREATE TABLE sessions (
    token_hash     VARCHAR(64)   NOT NULL,
    username       VARCHAR(64)   NOT NULL,
    csrf_token     VARCHAR(64)   NOT NULL,
    lang           VARCHAR(2)    NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sessions_pk PRIMARY KEY (token_hash),
    CONSTRAINT sessions_user_fk FOREIGN KEY (username) REFERENCES users (username)
);

-- Wrong passwords per user name and per client address, and the lock they earn.
CREATE TABLE login_throttle (
    throttle_key   VARCHAR(200)  NOT NULL,
    failures       INTEGER       NOT NULL,
    locks          INTEGER       NOT NULL,
    locked_until   TIMESTAMP WITH TIME ZONE,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT login_throttle_pk PRIMARY KEY (throttle_key)
);

-- Who viewed or changed which enquiry, and other actions on personal data. Never the data itself.
CREATE TABLE audit_log (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    username    VARCHAR(64),
    action      VARCHAR(32)   NOT NULL,
    device_id   VARCHAR(63),
    record_id   UUID,
    detail      VARCHAR(500),
    CONSTRAINT audit_log_pk PRIMARY KEY (id)
);

CREATE INDEX audit_log_record ON audit_log (device_id, record_id);

-- A keyed digest of each email address and phone number in a record's sealed part, so that an
-- erasure on request finds one person's records without opening every record.
ALTER TABLE records ADD COLUMN person_indexed BOOLEAN DEFAULT FALSE NOT NULL;

CREATE TABLE person_index (
    digest      VARCHAR(64)   NOT NULL,
    device_id   VARCHAR(63)   NOT NULL,
    record_id   UUID          NOT NULL,
    CONSTRAINT person_index_pk PRIMARY KEY (digest, device_id, record_id)
);

CREATE INDEX records_unindexed ON records (person_indexed);

-- The kiosk's status in full, for the fleet view.
ALTER TABLE devices ADD COLUMN mode VARCHAR(8);
ALTER TABLE devices ADD COLUMN open_help_requests INTEGER;
ALTER TABLE devices ADD COLUMN last_help_request_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE devices ADD COLUMN footfall_today BIGINT;
ALTER TABLE devices ADD COLUMN temperature_c DOUBLE PRECISION;
ALTER TABLE devices ADD COLUMN disk_free_bytes BIGINT;
ALTER TABLE devices ADD COLUMN region_id VARCHAR(100);
ALTER TABLE devices ADD COLUMN site_id VARCHAR(100);
ALTER TABLE devices ADD COLUMN config_version BIGINT;
ALTER TABLE devices ADD COLUMN config_error VARCHAR(100);

-- Events as kiosks name them (from their status), and each kiosk's footfall at each event.
CREATE TABLE events (
    event_id    VARCHAR(100)  NOT NULL,
    name        VARCHAR(120),
    venue       VARCHAR(120),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT events_pk PRIMARY KEY (event_id)
);

CREATE TABLE event_footfall (
    device_id   VARCHAR(63)   NOT NULL,
    event_id    VARCHAR(100)  NOT NULL,
    footfall    BIGINT        NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT event_footfall_pk PRIMARY KEY (device_id, event_id)
);

-- The config the hub last pushed to each kiosk (retained on kiosk/v1/{d}/config).
CREATE TABLE device_configs (
    device_id    VARCHAR(63)   NOT NULL,
    version      BIGINT        NOT NULL,
    config_json  VARCHAR(8192) NOT NULL,
    set_by       VARCHAR(64)   NOT NULL,
    set_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT device_configs_pk PRIMARY KEY (device_id)
);

-- Records with nothing sealed have nothing to index.
UPDATE records SET person_indexed = TRUE WHERE sealed IS NULL;
