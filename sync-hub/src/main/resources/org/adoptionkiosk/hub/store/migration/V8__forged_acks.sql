-- How many acks a kiosk ignored since it started because the hub had not signed them (its status's
-- forgedAcks): anything above 0 means someone other than the hub is publishing on its ack topic.
ALTER TABLE devices ADD COLUMN forged_acks BIGINT;
