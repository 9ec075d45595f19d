package org.adoptionkiosk.hub.backup;

/** The two kinds of store a hub runs on; a backup is restored into the kind it was made from. */
public enum StoreKind {
    H2("h2", "an H2 store"),
    POSTGRESQL("postgresql", "a PostgreSQL store");

    private final String wire;
    private final String title;

    StoreKind(String wire, String title) {
        this.wire = wire;
        this.title = title;
    }

    /** The store's kind from its JDBC URL. */
    public static StoreKind of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : H2;
    }

    static StoreKind fromWire(String wire) {
        for (StoreKind k : values()) {
            if (k.wire.equals(wire)) {
                return k;
            }
        }
        return null;
    }

    String wire() {
        return wire;
    }

    String title() {
        return title;
    }

    /** The archive entry of the store's dump. */
    String dumpEntry() {
        return "store/" + wire + ".sql";
    }
}
