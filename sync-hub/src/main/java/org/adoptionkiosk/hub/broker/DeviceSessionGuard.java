package org.adoptionkiosk.hub.broker;

import io.moquette.broker.ISessionsRepository;
import io.moquette.broker.Server;
import io.moquette.broker.subscriptions.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * Moquette 0.18.3 publishes a client's last-will without asking the policy, so a device could name
 * another device's records or status topic as its will and have the broker publish it there when
 * its connection drops. Production's Mosquitto checks a will against the ACL at connect; this does
 * the same for the embedded broker.
 *
 * <p>It sits in front of Moquette's session pool ({@code SessionRegistry.pool}), which every new
 * session passes through before the CONNACK is sent: a device's session loses a will its ACL does
 * not allow it to write (logged), and keeps no state after it disconnects (session expiry 0, as the
 * kiosk asks for anyway). The second matters because a session resumed with {@code cleanStart=false}
 * takes the new CONNECT's will without passing through the pool; with nothing kept, every device
 * CONNECT makes a new session, and so is checked. The hub's own clients are left as they are.
 *
 * <p>Put in place by reflection on private parts of Moquette; if an upgrade moves them,
 * {@link #install} throws and the broker does not start, rather than running open.
 */
final class DeviceSessionGuard implements ConcurrentMap<String, Object> {
    private static final Logger log = LoggerFactory.getLogger(DeviceSessionGuard.class);

    private final ConcurrentMap<String, Object> delegate;
    private final BrokerAccess access;
    private final Method getSessionData;
    private final Method updateSessionData;

    private DeviceSessionGuard(ConcurrentMap<String, Object> delegate, BrokerAccess access, Method getSessionData,
                               Method updateSessionData) {
        this.delegate = delegate;
        this.access = access;
        this.getSessionData = getSessionData;
        this.updateSessionData = updateSessionData;
    }

    /** Puts a guard in front of the started server's session pool. */
    @SuppressWarnings("unchecked")
    static void install(Server server, BrokerAccess access) {
        try {
            Field sessionsField = Server.class.getDeclaredField("sessions");
            sessionsField.setAccessible(true);
            Object registry = sessionsField.get(server);
            Field poolField = registry.getClass().getDeclaredField("pool");
            poolField.setAccessible(true);
            ConcurrentMap<String, Object> pool = (ConcurrentMap<String, Object>) poolField.get(registry);
            if (pool instanceof DeviceSessionGuard) {
                return;
            }
            Class<?> session = Class.forName("io.moquette.broker.Session");
            Method get = session.getDeclaredMethod("getSessionData");
            get.setAccessible(true);
            Method update = session.getDeclaredMethod("updateSessionData", ISessionsRepository.SessionData.class);
            update.setAccessible(true);
            poolField.set(registry, new DeviceSessionGuard(pool, access, get, update));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("the embedded broker's last-will guard could not be put in place (" + e
                    + "); a Moquette other than 0.18.3? Not starting a broker that would let a device publish on"
                    + " another device's topics", e);
        }
    }

    /** A device's session as the ACL allows it: no foreign will, nothing kept after disconnect. */
    private void check(String clientId, Object session) {
        if (session == null || access.isHubClient(clientId)) {
            return;
        }
        // BrokerAccess let the client in only with a client id that is its device id, or starts with it and ':'.
        int colon = clientId.indexOf(':');
        String device = colon < 0 ? clientId : clientId.substring(0, colon);
        try {
            ISessionsRepository.SessionData data = (ISessionsRepository.SessionData) getSessionData.invoke(session);
            ISessionsRepository.Will will = data.hasWill() ? data.will() : null;
            if (will != null && !access.canWrite(new Topic(will.topic), device, clientId)) {
                log.warn("embedded broker: dropped the last-will of client {} on {}: a device may name only its own"
                        + " records or status topic", clientId, will.topic);
                will = null;
            }
            boolean willDropped = data.hasWill() && will == null;
            if (willDropped || data.expiryInterval() != 0) {
                ISessionsRepository.SessionData kept = will == null
                        ? new ISessionsRepository.SessionData(clientId, data.protocolVersion(), 0, Clock.systemUTC())
                        : new ISessionsRepository.SessionData(clientId, data.protocolVersion(), will, 0,
                        Clock.systemUTC());
                updateSessionData.invoke(session, kept);
            }
        } catch (ReflectiveOperationException e) {
            // Checked at install; if it fails now the session must not go in with an unchecked will.
            throw new IllegalStateException("embedded broker: could not check the session of " + clientId, e);
        }
    }

    @Override
    public Object put(String key, Object value) {
        check(key, value);
        return delegate.put(key, value);
    }

    @Override
    public Object putIfAbsent(String key, Object value) {
        check(key, value);
        return delegate.putIfAbsent(key, value);
    }

    @Override
    public boolean replace(String key, Object oldValue, Object newValue) {
        check(key, newValue);
        return delegate.replace(key, oldValue, newValue);
    }

    @Override
    public Object replace(String key, Object value) {
        check(key, value);
        return delegate.replace(key, value);
    }

    @Override
    public void putAll(Map<? extends String, ?> m) {
        m.forEach(this::put);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return delegate.remove(key, value);
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public boolean isEmpty() {
        return delegate.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return delegate.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return delegate.containsValue(value);
    }

    @Override
    public Object get(Object key) {
        return delegate.get(key);
    }

    @Override
    public Object remove(Object key) {
        return delegate.remove(key);
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public Set<String> keySet() {
        return delegate.keySet();
    }

    @Override
    public Collection<Object> values() {
        return delegate.values();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return delegate.entrySet();
    }
}
