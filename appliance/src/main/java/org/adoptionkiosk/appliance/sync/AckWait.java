package org.adoptionkiosk.appliance.sync;

/**
 * How long the kiosk waits for an ack before it sends its batches again. Each wait that ends without
 * an ack doubles the next, up to {@link #MAX_FACTOR} times the configured wait; an ack brings it back
 * to the configured wait. A hub with a long queue (many kiosks draining after an outage) answers late
 * but surely: resending every few seconds would multiply its work, since each copy is decoded and
 * checked again before being found stored already. The cap is kept low because a hub that was away
 * and is back is only noticed when a wait ends.
 */
public final class AckWait {
    /** The longest wait doubling reaches, as a multiple of the configured one. */
    public static final int MAX_FACTOR = 4;

    private final long baseMillis;
    private final long maxMillis;
    private long currentMillis;

    public AckWait(long baseMillis) {
        if (baseMillis <= 0) {
            throw new IllegalArgumentException("the ack wait must be positive");
        }
        this.baseMillis = baseMillis;
        this.maxMillis = baseMillis * MAX_FACTOR;
        this.currentMillis = baseMillis;
    }

    /** The wait for a batch sent now. */
    public long millis() {
        return currentMillis;
    }

    /** A wait ended without an ack: the next is twice as long, up to the longest. */
    public void timedOut() {
        currentMillis = Math.min(maxMillis, currentMillis * 2);
    }

    /** An ack arrived: the hub is keeping up, so wait the configured time again. */
    public void acked() {
        currentMillis = baseMillis;
    }
}
