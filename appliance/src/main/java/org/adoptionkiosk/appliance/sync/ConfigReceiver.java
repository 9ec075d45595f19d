package org.adoptionkiosk.appliance.sync;

/**
 * Where the sync agent hands the hub's config push ({@code kiosk/v1/{d}/config}), and what it asks
 * of it. Called on the agent's own thread, never on Paho's.
 */
public interface ConfigReceiver {
    /** A kiosk that takes no config from the hub: for tests of the sync path alone. */
    ConfigReceiver NONE = new ConfigReceiver() {
        @Override
        public void arrived(byte[] payload) {
        }

        @Override
        public void refused(String code) {
        }

        @Override
        public boolean revoked() {
            return false;
        }
    };

    /**
     * A config message arrived, its hub signature verified: decode and apply it. Never throws for a
     * bad one: it says so in the status.
     */
    void arrived(byte[] payload);

    /**
     * A config message arrived that the kiosk will not apply ({@code code}: why, e.g.
     * {@link SyncAgent#BAD_SIGNATURE}); nothing changes but the status's configError.
     */
    void refused(String code);

    /** The hub has revoked this kiosk: send no batches (the records stay in the outbox). */
    boolean revoked();
}
