-- What a capture said, as a salted digest (SHA-256 over the record id and the validated request,
-- personal part included), so a page's retry with the same id can be told from a different form
-- that reused the id. Null for records captured before the kiosk took client ids.
ALTER TABLE records ADD COLUMN fingerprint VARCHAR(64);
