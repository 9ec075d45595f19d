package org.adoptionkiosk.appliance.device;

import org.adoptionkiosk.hardware.LightPattern;

import java.time.Duration;
import java.time.Instant;

/**
 * What the status light shows, from what the kiosk knows: fast red when the broker has been out
 * of reach for over five minutes or the disk is nearly full (staff must act), slow amber while
 * records wait to be synced, steady green when everything is at the hub.
 */
public final class LightPolicy {
    public static final Duration BROKER_GRACE = Duration.ofMinutes(5);
    /** Below this much free disk the kiosk may soon be unable to save a visitor's details. */
    public static final long DISK_LOW_BYTES = 200L * 1024 * 1024;

    private Instant brokerLostAt;

    /**
     * @param brokerConnected whether the sync agent has the broker now
     * @param backlog         records not yet acknowledged by the hub
     * @param diskFreeBytes   free space for the database, or null when unknown
     */
    public synchronized LightPattern decide(Instant now, boolean brokerConnected, long backlog, Long diskFreeBytes) {
        if (brokerConnected) {
            brokerLostAt = null;
        } else if (brokerLostAt == null) {
            brokerLostAt = now;
        }
        boolean brokerGone = brokerLostAt != null && Duration.between(brokerLostAt, now).compareTo(BROKER_GRACE) > 0;
        boolean diskLow = diskFreeBytes != null && diskFreeBytes < DISK_LOW_BYTES;
        if (brokerGone || diskLow) {
            return LightPattern.FAST_RED;
        }
        return backlog > 0 ? LightPattern.SLOW_AMBER : LightPattern.STEADY_GREEN;
    }
}
