-- The device registry: kiosks the provisioning tool made, and those it revoked. A device that is
-- not here is unregistered and works as before (the demo and tests); a revoked one is refused at
-- ingest. Portable SQL, as V1.

CREATE TABLE device_registry (
    device_id      VARCHAR(63)  NOT NULL,
    region         VARCHAR(100) NOT NULL,
    site           VARCHAR(100),
    name           VARCHAR(120),
    registered_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT device_registry_pk PRIMARY KEY (device_id)
);
