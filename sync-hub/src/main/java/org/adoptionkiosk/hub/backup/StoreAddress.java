package org.adoptionkiosk.hub.backup;

import java.nio.file.Path;

/**
 * Where the hub's store is, as its own options say, and where PostgreSQL's client programs are.
 *
 * @param jdbcUrl  a jdbc:h2: or jdbc:postgresql: URL (the hub's default: the H2 file in its data folder)
 * @param user     the database user; null when the URL says it, or for H2's default
 * @param password the database password; null when none is given
 * @param pgBin    the folder of pg_dump and psql; null to look for them on {@code path}
 * @param path     the PATH to look for pg_dump and psql on
 */
public record StoreAddress(String jdbcUrl, String user, String password, Path pgBin, String path) {
    public StoreKind kind() {
        return StoreKind.of(jdbcUrl);
    }

    @Override
    public String toString() {
        // The URL and the password stay out of logs and messages: a URL may carry a password too.
        return "StoreAddress[" + kind() + "]";
    }
}
