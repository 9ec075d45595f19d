package org.adoptionkiosk.e2e;

/** An MQTT broker a scenario runs against. */
interface TestBroker extends AutoCloseable {
    String url();

    /** Stops the broker and starts it again on the same port, as a crash and restart would. */
    void restart() throws Exception;

    @Override
    void close() throws Exception;
}
