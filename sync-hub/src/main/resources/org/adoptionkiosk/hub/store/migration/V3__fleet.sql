-- Portable SQL (H2 and PostgreSQL), like V1 and V2.

-- A config push is stored first and published after: published_at stays NULL until the broker has
-- acknowledged the retained config (QoS 1), so a hub that could not reach the broker publishes it
-- once the link is up again. Set back to NULL by every new push.
ALTER TABLE device_configs ADD COLUMN published_at TIMESTAMP WITH TIME ZONE;
