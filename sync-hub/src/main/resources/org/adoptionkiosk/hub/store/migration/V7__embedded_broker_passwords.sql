-- Portable SQL (H2 and PostgreSQL), like V1.

-- The embedded broker's device passwords: a bcrypt hash ("$2y$…", from accounts.Passwords) of the
-- random broker password `sync-hub.jar device add` wrote to the device's password file; never the
-- password itself. Null for a device that has none (registered by provisioning for an external
-- Mosquitto, whose own password file holds its credentials): the embedded broker refuses it.
ALTER TABLE device_registry ADD COLUMN broker_password_hash VARCHAR(100);

-- `sync-hub.jar device add` may register a kiosk without naming its region (the local demo); the
-- kiosk still reports the region it was given in its status.
ALTER TABLE device_registry ALTER COLUMN region DROP NOT NULL;
