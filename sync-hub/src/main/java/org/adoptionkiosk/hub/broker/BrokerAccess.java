package org.adoptionkiosk.hub.broker;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Who may use the embedded broker, and for what: the same rules as the production Mosquitto's
 * password and ACL files that provisioning writes.
 *
 * <ul>
 *   <li>No anonymous client (the broker itself refuses those: {@code allow_anonymous false}).</li>
 *   <li>The hub's own client, as {@link #HUB_USER} with a password made afresh at each start and
 *       kept in memory only. It reads every kiosk's records and status and writes acks and configs.</li>
 *   <li>A device, as its device id with the password whose bcrypt hash the hub's device registry
 *       holds ({@code sync-hub.jar device add}). It writes only {@code kiosk/v1/{d}/records} and
 *       {@code kiosk/v1/{d}/status}, reads only {@code kiosk/v1/{d}/ack} and {@code kiosk/v1/{d}/config}
 *       (no wildcard, not even over its own topics), and its MQTT client id must be its device id
 *       (or start with the id and a colon), so it cannot take over another client's session. A
 *       device not registered, revoked, or with no password there is refused.</li>
 * </ul>
 *
 * <p>Every connection reads the device's row (one primary-key read), so a revocation or a new
 * password holds from the next connection on. bcrypt costs about a quarter of a second, on the
 * broker's network thread, so a password once verified is remembered for {@link #VERIFIED_FOR}
 * as a SHA-256 of it beside the hash it matched: a reconnect with the same password while the row
 * still holds the same hash skips bcrypt; a changed hash, a revoked or removed row, or another
 * password goes through the full check. Nothing of this is written anywhere.
 *
 * <p>Moquette registers a {@code $share/…} subscription even when this policy refused it; the
 * {@link SharedSubscriptionGuard} closes that. Moquette 0.18 also publishes a client's last-will
 * without asking the policy, so a device could name another device's topic as its will; the
 * {@link DeviceSessionGuard} drops such a will at connect (as production's Mosquitto does) and keeps
 * no device session after it disconnects, so a resumed session cannot bring one in either.
 */
public final class BrokerAccess implements IAuthenticator, IAuthorizatorPolicy {
    /** The hub's own user name: never a device id (a device id has no underscore). */
    public static final String HUB_USER = "_hub";
    /** How long a verified password is trusted without bcrypt while the stored hash stays the same. */
    public static final Duration VERIFIED_FOR = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(BrokerAccess.class);

    /** Where device passwords come from: the hub's device registry, or a test's own map. */
    @FunctionalInterface
    public interface DeviceSecrets {
        /** The bcrypt hash of the device's password; empty when it may not connect at all. */
        Optional<String> brokerPasswordHash(String deviceId) throws SQLException;
    }

    /** A password that matched {@code hash}, as its SHA-256, at {@code nanos}. */
    private record Verified(String hash, byte[] digest, long nanos) {
    }

    private final byte[] hubPassword;
    private final DeviceSecrets devices;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Verified> verified = new ConcurrentHashMap<>();
    /** Client ids last let in as the hub: a handful (one per hub instance), kept for the broker's life. */
    private final Set<String> hubClients = ConcurrentHashMap.newKeySet();

    /** @param hubPassword the hub's own password here, e.g. {@link #newPassword} made at start */
    public BrokerAccess(String hubPassword, DeviceSecrets devices) {
        this(hubPassword, devices, System::nanoTime);
    }

    BrokerAccess(String hubPassword, DeviceSecrets devices, LongSupplier nanoTime) {
        if (hubPassword == null || hubPassword.length() < Passwords.MIN_LENGTH) {
            throw new IllegalArgumentException("the hub's broker password must have at least "
                    + Passwords.MIN_LENGTH + " characters");
        }
        this.hubPassword = hubPassword.getBytes(StandardCharsets.UTF_8);
        this.devices = devices;
        this.nanoTime = nanoTime;
    }

    /** A new random password: 32 bytes from {@code random}, base64url (43 characters). */
    public static String newPassword(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        if (username == null || password == null) {
            return false;
        }
        if (HUB_USER.equals(username)) {
            boolean hub = MessageDigest.isEqual(password, hubPassword);
            if (hub && clientId != null) {
                hubClients.add(clientId);
            }
            return hub;
        }
        if (clientId != null) {
            hubClients.remove(clientId);
        }
        if (!Topics.isValidDeviceId(username)) {
            return false;
        }
        if (clientId == null || !(clientId.equals(username) || clientId.startsWith(username + ":"))) {
            log.info("embedded broker: refused {}: its client id must be its device id", username);
            return false;
        }
        Optional<String> hash;
        try {
            hash = devices.brokerPasswordHash(username);
        } catch (SQLException | RuntimeException e) {
            log.warn("embedded broker: refused {}: the device registry could not be read: {}", username,
                    e.toString());
            return false;
        }
        if (hash.isEmpty()) {
            verified.remove(username);
            log.info("embedded broker: refused {}: not registered, revoked, or without a broker password"
                    + " (sync-hub.jar device add)", username);
            return false;
        }
        byte[] digest = sha256(password);
        long now = nanoTime.getAsLong();
        Verified v = verified.get(username);
        if (v != null && v.hash().equals(hash.get()) && now - v.nanos() < VERIFIED_FOR.toNanos()
                && MessageDigest.isEqual(v.digest(), digest)) {
            return true;
        }
        if (!Passwords.verify(new String(password, StandardCharsets.UTF_8), hash.get())) {
            log.info("embedded broker: refused {}: wrong password", username);
            return false;
        }
        verified.put(username, new Verified(hash.get(), digest, now));
        return true;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        if (user == null || topic == null) {
            return false;
        }
        String t = topic.toString();
        if (HUB_USER.equals(user)) {
            Optional<String> d = Topics.deviceIdOf(t);
            return d.isPresent() && (t.equals(Topics.ack(d.get())) || t.equals(Topics.config(d.get())));
        }
        return Topics.isValidDeviceId(user) && (t.equals(Topics.records(user)) || t.equals(Topics.status(user)));
    }

    /** Asked at subscribe time, with a shared subscription's filter without its {@code $share/group/}. */
    @Override
    public boolean canRead(Topic topic, String user, String client) {
        if (user == null || topic == null) {
            return false;
        }
        String t = topic.toString();
        if (HUB_USER.equals(user)) {
            if (t.equals(Topics.RECORDS_ALL) || t.equals(Topics.STATUS_ALL)) {
                return true;
            }
            Optional<String> d = Topics.deviceIdOf(t);
            return d.isPresent() && (t.equals(Topics.records(d.get())) || t.equals(Topics.status(d.get())));
        }
        return Topics.isValidDeviceId(user) && (t.equals(Topics.ack(user)) || t.equals(Topics.config(user)));
    }

    /** Whether {@code clientId} was last let in as the hub itself (not as a device). */
    boolean isHubClient(String clientId) {
        return clientId != null && hubClients.contains(clientId);
    }

    private static byte[] sha256(byte[] password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
