package org.adoptionkiosk.testkit;

/** An MQTT broker a test runs against and may crash and start again. */
public interface TestBroker extends AutoCloseable {
    String url();

    /** Stops the broker and starts it again on the same port, as a crash and restart would. */
    void restart() throws Exception;

    @Override
    void close() throws Exception;
}
