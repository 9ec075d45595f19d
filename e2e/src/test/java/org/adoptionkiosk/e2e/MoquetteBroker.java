package org.adoptionkiosk.e2e;

import org.adoptionkiosk.hub.broker.EmbeddedBroker;

import java.nio.file.Path;

/** The hub's embedded Moquette, started on its own so the hub can come and go while it runs. */
final class MoquetteBroker implements TestBroker {
    private final Path dir;
    private final int port;
    private EmbeddedBroker broker;

    MoquetteBroker(Path dir) throws Exception {
        this.dir = dir;
        this.broker = EmbeddedBroker.start("127.0.0.1", 0, dir);
        this.port = broker.port();
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void restart() throws Exception {
        broker.close();
        broker = EmbeddedBroker.start("127.0.0.1", port, dir);
    }

    @Override
    public void close() {
        broker.close();
    }
}
