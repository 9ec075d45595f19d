-- Portable SQL (H2 and PostgreSQL), like V1. How-heard in the recruitment funnel (hub/followup/Funnel).

-- What brought the visitor to the stand (the kiosk's optional how-heard question, one of the answers
-- in docs/wire-contract.md), kept on the enquiry so the funnel can group by it without reading every
-- record's fields; NULL when the visitor did not say. Not personal: retention leaves it.
ALTER TABLE enquiries ADD COLUMN how_heard VARCHAR(32);

-- Enquiries stored before this column: the answer is in the record's fields, written by the hub's
-- own JSON mapper (compact, so "howHeard":"press" exactly); one statement per documented answer.
UPDATE enquiries SET how_heard = 'passing-the-stand' WHERE EXISTS (SELECT 1 FROM records r
    WHERE r.device_id = enquiries.device_id AND r.id = enquiries.record_id AND r.fields_json LIKE '%"howHeard":"passing-the-stand"%');
UPDATE enquiries SET how_heard = 'social-media' WHERE EXISTS (SELECT 1 FROM records r
    WHERE r.device_id = enquiries.device_id AND r.id = enquiries.record_id AND r.fields_json LIKE '%"howHeard":"social-media"%');
UPDATE enquiries SET how_heard = 'friend-or-family' WHERE EXISTS (SELECT 1 FROM records r
    WHERE r.device_id = enquiries.device_id AND r.id = enquiries.record_id AND r.fields_json LIKE '%"howHeard":"friend-or-family"%');
UPDATE enquiries SET how_heard = 'press' WHERE EXISTS (SELECT 1 FROM records r
    WHERE r.device_id = enquiries.device_id AND r.id = enquiries.record_id AND r.fields_json LIKE '%"howHeard":"press"%');
UPDATE enquiries SET how_heard = 'already-thinking' WHERE EXISTS (SELECT 1 FROM records r
    WHERE r.device_id = enquiries.device_id AND r.id = enquiries.record_id AND r.fields_json LIKE '%"howHeard":"already-thinking"%');
UPDATE enquiries SET how_heard = 'other' WHERE EXISTS (SELECT 1 FROM records r
    WHERE r.device_id = enquiries.device_id AND r.id = enquiries.record_id AND r.fields_json LIKE '%"howHeard":"other"%');
