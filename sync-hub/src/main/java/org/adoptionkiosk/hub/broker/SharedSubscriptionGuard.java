package org.adoptionkiosk.hub.broker;

import io.moquette.broker.ISubscriptionsRepository;
import io.moquette.broker.Server;
import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import io.moquette.broker.subscriptions.ShareName;
import io.moquette.broker.subscriptions.Subscription;
import io.moquette.broker.subscriptions.SubscriptionIdentifier;
import io.moquette.broker.subscriptions.Topic;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.List;

/**
 * Moquette 0.18.3 answers a refused {@code $share/…} subscription with a failure code in the
 * SUBACK but registers it all the same ({@code PostOffice.subscribeClientToTopics} adds every shared
 * subscription it was sent, whatever the policy said), so a device could read every kiosk's records,
 * acks and configs through {@code $share/any/kiosk/v1/#}. This sits in front of the broker's
 * subscription directory and adds a shared subscription only for the hub's own client, on a filter
 * the policy lets the hub read; a device has no use for one (its two topics are its own).
 *
 * <p>It is put in place by reflection on two private fields of Moquette ({@code Server.dispatcher},
 * {@code PostOffice.subscriptions}); if a Moquette upgrade moves them, {@link #install} throws and the
 * broker does not start, rather than running open.
 */
final class SharedSubscriptionGuard implements ISubscriptionsDirectory {
    private static final Logger log = LoggerFactory.getLogger(SharedSubscriptionGuard.class);

    private final ISubscriptionsDirectory delegate;
    private final BrokerAccess access;

    private SharedSubscriptionGuard(ISubscriptionsDirectory delegate, BrokerAccess access) {
        this.delegate = delegate;
        this.access = access;
    }

    /** Puts a guard in front of the started server's subscription directory. */
    static void install(Server server, BrokerAccess access) {
        try {
            Field dispatcherField = Server.class.getDeclaredField("dispatcher");
            dispatcherField.setAccessible(true);
            Object postOffice = dispatcherField.get(server);
            Field subscriptionsField = postOffice.getClass().getDeclaredField("subscriptions");
            subscriptionsField.setAccessible(true);
            ISubscriptionsDirectory directory = (ISubscriptionsDirectory) subscriptionsField.get(postOffice);
            if (!(directory instanceof SharedSubscriptionGuard)) {
                subscriptionsField.set(postOffice, new SharedSubscriptionGuard(directory, access));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("the embedded broker's shared-subscription guard could not be put in"
                    + " place (" + e + "); a Moquette other than 0.18.3? Not starting a broker that would let any"
                    + " device read every topic", e);
        }
    }

    private boolean allowed(String clientId, ShareName share, Topic topic) {
        if (access.isHubClient(clientId) && access.canRead(topic, BrokerAccess.HUB_USER, clientId)) {
            return true;
        }
        log.warn("embedded broker: refused the shared subscription $share/{}/{} of client {}", share.getShareName(), topic,
                clientId);
        return false;
    }

    @Override
    public void addShared(String clientId, ShareName share, Topic topic, MqttSubscriptionOption option) {
        if (allowed(clientId, share, topic)) {
            delegate.addShared(clientId, share, topic, option);
        }
    }

    @Override
    public void addShared(String clientId, ShareName share, Topic topic, MqttSubscriptionOption option,
                          SubscriptionIdentifier id) {
        if (allowed(clientId, share, topic)) {
            delegate.addShared(clientId, share, topic, option, id);
        }
    }

    @Override
    public void init(ISubscriptionsRepository repository) {
        delegate.init(repository);
    }

    @Override
    public List<Subscription> matchWithoutQosSharpening(Topic topic) {
        return delegate.matchWithoutQosSharpening(topic);
    }

    @Override
    public List<Subscription> matchQosSharpening(Topic topic) {
        return delegate.matchQosSharpening(topic);
    }

    @Override
    public boolean add(String clientId, Topic filter, MqttSubscriptionOption option) {
        return delegate.add(clientId, filter, option);
    }

    @Override
    public boolean add(String clientId, Topic filter, MqttSubscriptionOption option, SubscriptionIdentifier id) {
        return delegate.add(clientId, filter, option, id);
    }

    @Override
    public void removeSubscription(Topic topic, String clientId) {
        delegate.removeSubscription(topic, clientId);
    }

    @Override
    public void removeSharedSubscription(ShareName share, Topic topic, String clientId) {
        delegate.removeSharedSubscription(share, topic, clientId);
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public String dumpTree() {
        return delegate.dumpTree();
    }

    @Override
    public void removeSharedSubscriptionsForClient(String clientId) {
        delegate.removeSharedSubscriptionsForClient(clientId);
    }
}
