package org.adoptionkiosk.appliance.config;

import org.adoptionkiosk.appliance.event.EventRejected;
import org.adoptionkiosk.appliance.event.EventStore;
import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.store.Settings;
import org.adoptionkiosk.appliance.sync.ConfigReceiver;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.protocol.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hub's config push ({@code DeviceConfig}, retained on {@code kiosk/v1/{d}/config}) as this
 * kiosk applies it: the event or office mode (through the same {@link EventStore} staff use), the
 * visitor's form options, the retention period, the staff PIN hash and the revoke flag. Kept in
 * H2 settings, so a restart neither forgets it nor applies an old retained config again, and
 * cached here, so a capture or a PIN check reads it without the database.
 *
 * <p>Each member is applied on its own: one the kiosk cannot take keeps the kiosk's previous
 * setting and names itself in {@link State#error()}, and the rest still apply (a bad event must
 * not hold up a revocation or a new PIN). The version counts as applied either way, so the hub
 * sees both in the status and a restart does not try the same config again.
 */
public final class PushedConfig implements ConfigReceiver {
    private static final Logger log = LoggerFactory.getLogger(PushedConfig.class);

    /** How long a synced record keeps its sealed part here when the hub never said. */
    public static final int DEFAULT_RETENTION_DAYS = 30;

    // The status's configError codes.
    /** The config message could not be read (not JSON, or fails the wire checks). */
    public static final String BAD_CONFIG = "bad_config";
    /** The event failed the checks staff's events pass (name, length, dates). */
    public static final String EVENT_REJECTED = "event_rejected";
    /** Sign-in and enquiry both off: the enquiry stays on. */
    public static final String NO_VISITOR_PATH = "no_visitor_path";
    /** Outside {@link DeviceConfig#MIN_RETENTION_DAYS}–{@link DeviceConfig#MAX_RETENTION_DAYS}. */
    public static final String BAD_RETENTION_DAYS = "bad_retention_days";
    public static final String BAD_PIN_HASH = "bad_pin_hash";
    /** Not a failure: the status's way to say the kiosk has stopped sending because the hub said so. */
    public static final String REVOKED = "revoked";

    private static final String VERSION = "hub_config_version";
    private static final String ERROR = "hub_config_error";
    private static final String REVOKED_FLAG = "hub_revoked";
    private static final String SIGNIN = "form_signin";
    private static final String ENQUIRY = "form_enquiry";
    private static final String NEWSLETTER = "form_newsletter";
    private static final String RETENTION = "retention_days";
    private static final String PIN_HASH = "hub_staff_pin_hash";

    /**
     * What the kiosk holds of the hub's config.
     *
     * @param version      the last version applied, or null before the first
     * @param error        why part of the latest config was not applied, or null
     * @param staffPinHash the PIN hash the hub set, or null when it never set one
     */
    public record State(Long version, String error, boolean revoked, FormOptions formOptions, int retentionDays,
                        String staffPinHash) {
        /** A toString without the PIN hash. */
        @Override
        public String toString() {
            return "State[version=" + version + ", error=" + error + ", revoked=" + revoked + ", formOptions="
                    + formOptions + ", retentionDays=" + retentionDays + ", staffPinHash="
                    + (staffPinHash == null ? "none" : "(set)") + "]";
        }
    }

    private final Database db;
    private final EventStore events;
    private final WireCodec codec;
    private final String provisionedPinHash;
    private final AtomicReference<State> state = new AtomicReference<>();

    /** @param provisionedPinHash the {@code --staff-pin-hash}, used until the hub sets one; may be null */
    public PushedConfig(Database db, EventStore events, WireCodec codec, String provisionedPinHash) {
        this.db = db;
        this.events = events;
        this.codec = codec;
        this.provisionedPinHash = provisionedPinHash;
        state.set(db.call(PushedConfig::load));
    }

    public State state() {
        return state.get();
    }

    public FormOptions formOptions() {
        return state.get().formOptions();
    }

    public int retentionDays() {
        return state.get().retentionDays();
    }

    /** The staff PIN hash in force: the hub's when it set one, else the one the kiosk was started with. */
    public String staffPinHash() {
        String hub = state.get().staffPinHash();
        return hub != null ? hub : provisionedPinHash;
    }

    @Override
    public boolean revoked() {
        return state.get().revoked();
    }

    /** The status's {@code configError}: {@link #REVOKED} while revoked, else the latest config's problem. */
    public String statusError() {
        State s = state.get();
        return s.revoked() ? REVOKED : s.error();
    }

    @Override
    public void arrived(byte[] payload) {
        DeviceConfig config;
        try {
            config = codec.decodeConfig(payload);
        } catch (WireException e) {
            // The reason names where it broke, never the content.
            log.warn("ignoring a config from the hub the kiosk cannot read: {}", e.getMessage());
            failed(BAD_CONFIG);
            return;
        }
        apply(config);
    }

    /**
     * Applies a config newer than the last one applied.
     *
     * @return false when its version is not newer (nothing changed)
     */
    public synchronized boolean apply(DeviceConfig config) {
        State before = state.get();
        if (before.version() != null && config.version() <= before.version()) {
            log.debug("hub config version {} is not newer than {}; nothing to do", config.version(), before.version());
            return false;
        }
        // The shared rules (DeviceConfig.validate) decide each member; the event's own are applied by
        // the EventStore, as when staff set one.
        Map<String, String> problems = config.validate();
        String error = applyEvent(config);

        FormOptions form = before.formOptions().with(config.formOptions());
        if (!form.offersAPath()) {
            // The kiosk must always offer a visitor something: the enquiry, which is what the service is for.
            form = new FormOptions(form.signin(), true, form.newsletter());
            error = first(error, NO_VISITOR_PATH);
        }
        int retention = before.retentionDays();
        Integer days = config.retentionDays();
        if (days != null) {
            if (problems.containsKey("retentionDays")) {
                error = first(error, BAD_RETENTION_DAYS);
            } else {
                retention = days;
            }
        }
        String pinHash = before.staffPinHash();
        String pushed = config.staffPinHash();
        if (pushed != null) {
            if (problems.containsKey("staffPinHash")) {
                error = first(error, BAD_PIN_HASH);
            } else {
                pinHash = pushed;
            }
        }
        State after = new State(config.version(), error, config.revoked(), form, retention, pinHash);
        db.call(c -> {
            save(c, after);
            return null;
        });
        state.set(after);
        if (after.revoked() && !before.revoked()) {
            log.warn("the hub has revoked this kiosk: sending stops; every record stays in the outbox");
        } else if (!after.revoked() && before.revoked()) {
            log.info("the hub has lifted this kiosk's revocation: sending starts again");
        }
        log.info("applied the hub's config version {}{}", config.version(),
                error == null ? "" : " except what it names: " + error);
        return true;
    }

    /** The mode and event, as staff would set them; the event's own checks apply. */
    private String applyEvent(DeviceConfig config) {
        DeviceConfig.EventSpec e = config.event();
        try {
            if (DeviceConfig.MODE_OFFICE.equals(config.mode())) {
                events.setOfficeMode(true);
            } else if (e != null) {
                // Without a mode the hub leaves office mode as the kiosk has it.
                events.setEvent(e.name(), e.venue(), e.startsOn(), e.endsOn(),
                        DeviceConfig.MODE_EVENT.equals(config.mode()));
            }
            return null;
        } catch (EventRejected rejected) {
            log.warn("the hub's event was refused: {} ({}); the kiosk keeps its current event", rejected.code(),
                    rejected.field());
            return EVENT_REJECTED;
        }
    }

    @Override
    public void refused(String code) {
        failed(code);
    }

    /** A config that could not be read: the status says so; everything else stays. */
    private synchronized void failed(String code) {
        State s = state.get();
        State after = new State(s.version(), code, s.revoked(), s.formOptions(), s.retentionDays(), s.staffPinHash());
        db.call(c -> {
            Settings.put(c, ERROR, code);
            return null;
        });
        state.set(after);
    }

    private static String first(String earlier, String now) {
        return earlier != null ? earlier : now;
    }

    private static State load(Connection c) throws SQLException {
        Optional<String> version = Settings.get(c, VERSION);
        return new State(
                version.map(Long::parseLong).orElse(null),
                Settings.get(c, ERROR).orElse(null),
                Settings.get(c, REVOKED_FLAG).map(Boolean::parseBoolean).orElse(false),
                new FormOptions(on(c, SIGNIN), on(c, ENQUIRY), on(c, NEWSLETTER)),
                Settings.get(c, RETENTION).map(Integer::parseInt).orElse(DEFAULT_RETENTION_DAYS),
                Settings.get(c, PIN_HASH).orElse(null));
    }

    /** A path is on unless the hub turned it off. */
    private static boolean on(Connection c, String name) throws SQLException {
        return Settings.get(c, name).map(Boolean::parseBoolean).orElse(true);
    }

    private static void save(Connection c, State s) throws SQLException {
        Settings.put(c, VERSION, Long.toString(s.version()));
        Settings.put(c, ERROR, s.error());
        Settings.put(c, REVOKED_FLAG, s.revoked() ? "true" : null);
        Settings.put(c, SIGNIN, s.formOptions().signin() ? null : "false");
        Settings.put(c, ENQUIRY, s.formOptions().enquiry() ? null : "false");
        Settings.put(c, NEWSLETTER, s.formOptions().newsletter() ? null : "false");
        Settings.put(c, RETENTION, Integer.toString(s.retentionDays()));
        Settings.put(c, PIN_HASH, s.staffPinHash());
    }
}
