package org.adoptionkiosk.chaos;

import org.adoptionkiosk.hub.accounts.Passwords;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.accounts.UserStore;
import org.adoptionkiosk.hub.store.HubDatabase;
import org.adoptionkiosk.testkit.HubSession;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A member of the central team working the dashboard of every hub instance while kiosks drain:
 * signed in at each (the session lives in the shared store), going round them listing the open
 * enquiries, opening one and claiming some. An instance that is down (killed) is passed by; any
 * answer that is not a page or a redirect is a problem.
 */
final class Staff implements AutoCloseable {
    static final String USER = "chaos-central";
    static final String PASSWORD = "a long chaos test password";
    private static final Pattern ENQUIRY = Pattern.compile("href=\"/enquiries/([a-z0-9-]+)/([0-9a-f-]{36})\"");

    private final List<HubProcess> hubs;
    private final List<HubSession> sessions = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger passedBy = new AtomicInteger();
    private volatile boolean stopping;
    private Thread thread;

    private Staff(List<HubProcess> hubs) {
        this.hubs = hubs;
    }

    /** Adds the central user to the store, as {@code sync-hub.jar user add} does, and signs in at every hub. */
    static Staff signIn(HubStore store, List<HubProcess> hubs) throws Exception {
        try (var ds = HubDatabase.open(store.hubJdbcUrl(), store.user, "")) {
            new UserStore(ds).add(new User(USER, Role.CENTRAL, null, null),
                    new Passwords(new SecureRandom(), 4).hash(PASSWORD), Instant.now());
        }
        Staff staff = new Staff(hubs);
        for (HubProcess h : hubs) {
            staff.sessions.add(HubSession.signIn(h.httpPort, USER, PASSWORD));
        }
        return staff;
    }

    HubSession at(int hub) {
        return sessions.get(hub);
    }

    void start() {
        thread = new Thread(this::work, "staff");
        thread.setDaemon(true);
        thread.start();
    }

    private void work() {
        int i = 0;
        while (!stopping) {
            int hub = i++ % hubs.size();
            try {
                HttpResponse<String> queue = sessions.get(hub).get("/enquiries");
                check(hub, "GET /enquiries", queue, 200);
                List<String> links = new ArrayList<>();
                Matcher m = ENQUIRY.matcher(queue.body());
                while (m.find()) {
                    links.add("/enquiries/" + m.group(1) + "/" + m.group(2));
                }
                if (!links.isEmpty()) {
                    String link = links.get(ThreadLocalRandom.current().nextInt(links.size()));
                    HttpResponse<String> page = sessions.get(hub).get(link);
                    check(hub, "GET " + link, page, 200);
                    if (page.statusCode() == 200 && !page.body().contains("id=\"person-email\"")) {
                        problems.add(hubs.get(hub).instanceId + " could not open " + link);
                    }
                    opened.incrementAndGet();
                    if (i % 3 == 0) {
                        check(hub, "POST " + link + "/claim", sessions.get(hub).post(link + "/claim", Map.of()), 303);
                    }
                }
                Thread.sleep(150);
            } catch (IOException down) {
                passedBy.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void check(int hub, String what, HttpResponse<String> r, int expected) {
        if (r.statusCode() != expected) {
            problems.add(hubs.get(hub).instanceId + ": " + what + " answered " + r.statusCode());
        }
    }

    /** Enquiries opened so far. */
    int opened() {
        return opened.get();
    }

    int passedBy() {
        return passedBy.get();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.join(30_000);
        }
    }
}
