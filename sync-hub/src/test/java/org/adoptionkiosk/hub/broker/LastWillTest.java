package org.adoptionkiosk.hub.broker;

import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.protocol.Topics;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A device's last-will is held to its ACL on the embedded broker, as Mosquitto holds it: a will
 * naming another device's topic is never published, however the device connects (a new session or
 * one it asked the broker to keep), while a kiosk's own will still reaches the hub. Real broker,
 * real clients, connections dropped without DISCONNECT as a kiosk losing power would.
 */
class LastWillTest {
    private static final Passwords CHEAP = new Passwords(new SecureRandom(), 4);
    private static final String HUB_PASSWORD = "the hub's password for this run";
    private static final String ATTACKER = "kiosk-attacker";
    private static final String VICTIM = "kiosk-victim";

    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final List<MqttClient> clients = new ArrayList<>();
    private EmbeddedBroker broker;
    private String url;

    private record Heard(String topic, String payload) {
    }

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        hashes.put(ATTACKER, CHEAP.hash("password of " + ATTACKER));
        hashes.put(VICTIM, CHEAP.hash("password of " + VICTIM));
        BrokerAccess access = new BrokerAccess(HUB_PASSWORD, d -> Optional.ofNullable(hashes.get(d)));
        broker = EmbeddedBroker.start("127.0.0.1", 0, dir, access);
        url = "tcp://127.0.0.1:" + broker.port();
    }

    @AfterEach
    void stop() throws MqttException {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 100, false);
            }
            c.close();
        }
        broker.close();
    }

    /** A connected client whose messages land in {@code heard}. */
    private MqttClient client(String clientId, String user, String password, MqttConnectionOptions options,
                              BlockingQueue<Heard> heard) throws MqttException {
        MqttClient c = new MqttClient(url, clientId, new MemoryPersistence());
        clients.add(c);
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                heard.add(new Heard(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        options.setUserName(user);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        c.connect(options);
        return c;
    }

    private static MqttConnectionOptions withWill(String topic, String payload, boolean retained) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        MqttMessage will = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        will.setQos(1);
        will.setRetained(retained);
        o.setWill(topic, will);
        return o;
    }

    private MqttClient attacker(String clientId, MqttConnectionOptions options) throws MqttException {
        return client(clientId, ATTACKER, "password of " + ATTACKER, options, new LinkedBlockingQueue<>());
    }

    /**
     * Every forged will is dropped at its own connection's end; then the attacker's own will on its
     * own status topic, dropped last, reaches the hub: the broker has fired wills, and had every
     * chance to fire the forged ones first.
     */
    private void assertOnlyOwnWillArrives(List<MqttClient> forgers, BlockingQueue<Heard> hub,
                                          BlockingQueue<Heard> victim) throws Exception {
        for (MqttClient forger : forgers) {
            forger.disconnectForcibly(0, 100, false);
        }
        String own = "{\"deviceId\":\"" + ATTACKER + "\",\"online\":false}";
        MqttClient honest = attacker(ATTACKER + ":honest", withWill(Topics.status(ATTACKER), own, true));
        honest.disconnectForcibly(0, 100, false);

        List<Heard> seen = new ArrayList<>();
        Heard h;
        do {
            h = hub.poll(20, TimeUnit.SECONDS);
            assertNotNull(h, "the attacker's own will on its own status topic reaches the hub; heard " + seen);
            seen.add(h);
        } while (!h.topic().equals(Topics.status(ATTACKER)));
        assertEquals(own, h.payload());
        for (Heard s : seen) {
            assertFalse(s.topic().contains(VICTIM), "a will on the victim's topic was published: " + s);
        }
        assertNull(victim.poll(500, TimeUnit.MILLISECONDS), "the victim heard a forged will");
    }

    /** What the hub hears: every kiosk's records and status. */
    private BlockingQueue<Heard> hubListening() throws MqttException {
        BlockingQueue<Heard> hub = new LinkedBlockingQueue<>();
        client("hub-test", BrokerAccess.HUB_USER, HUB_PASSWORD, new MqttConnectionOptions(), hub)
                .subscribe(new String[]{Topics.RECORDS_ALL, Topics.STATUS_ALL}, new int[]{1, 1});
        return hub;
    }

    /** What the victim kiosk hears: its own ack and config. */
    private BlockingQueue<Heard> victimListening() throws MqttException {
        BlockingQueue<Heard> victim = new LinkedBlockingQueue<>();
        client(VICTIM, VICTIM, "password of " + VICTIM, new MqttConnectionOptions(), victim)
                .subscribe(new String[]{Topics.ack(VICTIM), Topics.config(VICTIM)}, new int[]{1, 1});
        return victim;
    }

    @Test
    void aWillOnAnotherDevicesTopicIsNeverPublished() throws Exception {
        BlockingQueue<Heard> hub = hubListening();
        BlockingQueue<Heard> victim = victimListening();

        String batch = "{\"schema\":1,\"deviceId\":\"" + VICTIM + "\",\"batchId\":\"forged\",\"records\":[]}";
        List<MqttClient> forgers = new ArrayList<>();
        forgers.add(attacker(ATTACKER + ":1", withWill(Topics.records(VICTIM), batch, false)));
        forgers.add(attacker(ATTACKER + ":2", withWill(Topics.status(VICTIM),
                "{\"deviceId\":\"" + VICTIM + "\",\"online\":false}", true)));
        forgers.add(attacker(ATTACKER + ":3", withWill(Topics.config(VICTIM), "{\"version\":999999}", true)));
        forgers.add(attacker(ATTACKER + ":4", withWill(Topics.ack(VICTIM), "{\"batchId\":\"x\"}", false)));
        forgers.add(attacker(ATTACKER + ":5", withWill(Topics.ack(ATTACKER), "{\"batchId\":\"x\"}", false)));
        assertOnlyOwnWillArrives(forgers, hub, victim);

        // Nothing forged was kept as a retained message either: a new subscriber hears none.
        BlockingQueue<Heard> late = new LinkedBlockingQueue<>();
        client("hub-late", BrokerAccess.HUB_USER, HUB_PASSWORD, new MqttConnectionOptions(), late)
                .subscribe(Topics.status(VICTIM), 1);
        BlockingQueue<Heard> victimAgain = new LinkedBlockingQueue<>();
        client(VICTIM + ":again", VICTIM, "password of " + VICTIM, new MqttConnectionOptions(), victimAgain)
                .subscribe(Topics.config(VICTIM), 1);
        assertNull(late.poll(500, TimeUnit.MILLISECONDS), "no retained status of the victim's");
        assertNull(victimAgain.poll(500, TimeUnit.MILLISECONDS), "no retained config for the victim");
    }

    @Test
    void aKeptSessionCannotTakeAForgedWillOnReconnect() throws Exception {
        BlockingQueue<Heard> hub = hubListening();
        BlockingQueue<Heard> victim = victimListening();

        // First a session the broker is asked to keep, with no will at all (nothing to check)...
        MqttConnectionOptions keep = new MqttConnectionOptions();
        keep.setCleanStart(false);
        keep.setSessionExpiryInterval(3600L);
        attacker(ATTACKER + ":kept", keep).disconnect();
        // ...then the same session resumed with a will on the victim's status topic.
        MqttConnectionOptions resume = withWill(Topics.status(VICTIM),
                "{\"deviceId\":\"" + VICTIM + "\",\"online\":false}", true);
        resume.setCleanStart(false);
        resume.setSessionExpiryInterval(3600L);
        assertOnlyOwnWillArrives(List.of(attacker(ATTACKER + ":kept", resume)), hub, victim);
    }
}
