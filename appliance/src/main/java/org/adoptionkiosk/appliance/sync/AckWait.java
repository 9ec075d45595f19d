package org.adoptionkiosk.appliance.sync;

/**
 * How long the kiosk waits for an ack before it sends its batches again. Each wait that ends without
 * an ack doubles the next, up to {@link #MAX_MILLIS} (or the configured wait, if longer); an ack
 * brings it back to the configured wait. A hub with a long queue (many kiosks draining after an
 * outage) answers late but surely: resending every few seconds would multiply its work, since each
 * copy is decoded and checked again before being found stored already.
 */
public final class AckWait {
    /** The longest wait that doubling reaches. */
    public static final long MAX_MILLIS = 120_000;

    private final long baseMillis;
    private final long maxMillis;
    private long currentMillis;

    public AckWait(long baseMillis) {
        if (baseMillis <= 0) {
            throw new IllegalArgumentException("the ack wait must be positive");
        }
        this.baseMillis = baseMillis;
        this.maxMillis = Math.max(baseMillis, MAX_MILLIS);
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
