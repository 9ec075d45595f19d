-- Events the kiosk has been set to by staff (name, venue, dates); every record carries the id of
-- the one current when it was captured. Names of shows, never of people.
CREATE TABLE events (
    id         VARCHAR(64)                 PRIMARY KEY,
    name       VARCHAR(120)                NOT NULL,
    venue      VARCHAR(120),
    starts_on  DATE                        NOT NULL,
    ends_on    DATE                        NOT NULL,
    set_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

-- Small things that must outlive a restart: the current event, office mode, the PIN lockout.
CREATE TABLE settings (
    name  VARCHAR(64)  PRIMARY KEY,
    setting_value VARCHAR(256) NOT NULL
);

-- Footfall from the motion sensor, one row per clock hour.
CREATE TABLE footfall (
    hour_start TIMESTAMP(0) WITH TIME ZONE PRIMARY KEY,
    visits     INT                         NOT NULL
);

-- Presses of the help button, and when staff marked each one answered.
CREATE TABLE help_requests (
    id           BIGINT AUTO_INCREMENT       PRIMARY KEY,
    requested_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    answered_at  TIMESTAMP(3) WITH TIME ZONE
);

-- The staff dashboard counts today's and this event's records.
CREATE INDEX records_captured_at ON records (captured_at);
CREATE INDEX records_event_id ON records (event_id);
