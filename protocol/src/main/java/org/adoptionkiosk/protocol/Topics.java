package org.adoptionkiosk.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/** MQTT topic names of the wire contract; {@code d} is the device id, also its broker username. */
public final class Topics {
    public static final String PREFIX = "kiosk/v1/";
    public static final String RECORDS_ALL = PREFIX + "+/records";
    /** MQTT v5 shared subscription so several hub instances split the ingest. */
    public static final String RECORDS_SHARED = "$share/hub/" + RECORDS_ALL;
    public static final String STATUS_ALL = PREFIX + "+/status";

    /** Lower-case letters, digits and dashes: never an MQTT wildcard or level separator. */
    private static final Pattern DEVICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    private Topics() {
    }

    public static boolean isValidDeviceId(String deviceId) {
        return deviceId != null && DEVICE_ID.matcher(deviceId).matches();
    }

    public static String records(String deviceId) {
        return PREFIX + requireDeviceId(deviceId) + "/records";
    }

    public static String ack(String deviceId) {
        return PREFIX + requireDeviceId(deviceId) + "/ack";
    }

    public static String status(String deviceId) {
        return PREFIX + requireDeviceId(deviceId) + "/status";
    }

    public static String config(String deviceId) {
        return PREFIX + requireDeviceId(deviceId) + "/config";
    }

    /** The device id a topic of the form {@code kiosk/v1/{d}/...} names, if it is one. */
    public static Optional<String> deviceIdOf(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = topic.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String id = rest.substring(0, slash);
        return isValidDeviceId(id) ? Optional.of(id) : Optional.empty();
    }

    private static String requireDeviceId(String deviceId) {
        if (!isValidDeviceId(deviceId)) {
            throw new IllegalArgumentException(
                    "device id must be 2-63 lower-case letters, digits or dashes: " + deviceId);
        }
        return deviceId;
    }
}
