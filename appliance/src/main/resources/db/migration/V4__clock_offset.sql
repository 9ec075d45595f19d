-- The kiosk's estimate, when it captured the record, of the hub's clock minus its own (learnt from
-- the hub's acks since its process started), sent with the record so the hub can judge the capture
-- time. Stored at capture, so every resend carries the same value. Null before the process's first
-- ack, and for records captured before this column existed.
ALTER TABLE records ADD COLUMN clock_offset_millis BIGINT;
