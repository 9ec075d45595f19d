package org.adoptionkiosk.hub.registry;

import java.sql.SQLException;

/** What ingest asks of the device registry: has this device been revoked? */
@FunctionalInterface
public interface Revocations {
    /** The reason ingest gives, in dead letters and in the ack's rejections. */
    String REASON = "device revoked";

    boolean isRevoked(String deviceId) throws SQLException;
}
