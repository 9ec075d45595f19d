-- Portable SQL (H2 and PostgreSQL), like V1.

-- Beside the kiosk's own time (captured_at, never replaced) and the hub's (received_at): the clock
-- offset the kiosk knew when it made the record (hub time minus kiosk time, null before its first
-- ack), and the hub's estimate of when the record was really made (see RecordTiming), or null.
ALTER TABLE records ADD COLUMN clock_offset_millis BIGINT;
ALTER TABLE records ADD COLUMN corrected_at TIMESTAMP WITH TIME ZONE;

-- What the hub knows of each kiosk process (boot_id): bound, the latest it can have started (the
-- least received_at - mono_millis over its records); corrected_start, its start in hub time, from the
-- first of its records that carried a clock offset (captured_at + offset - mono_millis), or null.
-- Kept from this version on: records stored before have no anchor.
CREATE TABLE boot_anchors (
    device_id        VARCHAR(63)  NOT NULL,
    boot_id          UUID         NOT NULL,
    bound            TIMESTAMP WITH TIME ZONE NOT NULL,
    corrected_start  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT boot_anchors_pk PRIMARY KEY (device_id, boot_id)
);

-- A boot's stored records, judged again when its corrected start becomes known.
CREATE INDEX records_device_boot ON records (device_id, boot_id);
