package org.adoptionkiosk.e2e;

import java.util.List;

/**
 * The scenarios on what runs on a fresh machine: the embedded Moquette broker and the hub on H2
 * in its data folder.
 */
class EmbeddedSyncIT extends SyncScenarios {
    private TestBroker broker;

    @Override
    String brokerUrl() throws Exception {
        if (broker == null) {
            broker = closeLater(new MoquetteBroker(dir.resolve("broker")));
        }
        return broker.url();
    }

    @Override
    TestBroker restartableBroker() throws Exception {
        return new MoquetteBroker(dir.resolve("broker-restartable"));
    }

    @Override
    List<String> storeArgs() {
        return List.of();
    }
}
