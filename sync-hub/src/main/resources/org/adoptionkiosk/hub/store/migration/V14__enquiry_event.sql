-- Portable SQL (H2 and PostgreSQL), like V1. The event an enquiry was made at, kept on the enquiry.

-- The recruitment funnel and the board's report group a year's enquiries by event; reading it from
-- records meant joining every enquiry of the year to the wide records table (seconds on a year of a
-- million records). Set at routing from the record, as region and council are; filled here for the
-- enquiries stored before.
ALTER TABLE enquiries ADD COLUMN event_id VARCHAR(100);

UPDATE enquiries SET event_id = (SELECT r.event_id FROM records r
    WHERE r.device_id = enquiries.device_id AND r.id = enquiries.record_id);
