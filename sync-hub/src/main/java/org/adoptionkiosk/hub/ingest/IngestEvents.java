package org.adoptionkiosk.hub.ingest;

import org.adoptionkiosk.hub.store.BatchResult;
import org.adoptionkiosk.hub.store.DeadLetterReason;

import java.time.Duration;

/**
 * What ingest tells an observer (the hub's metrics) as it goes. Called on the ingest thread: an
 * implementation must be quick, never block and never throw.
 */
public interface IngestEvents {
    /** What became of one records message. */
    enum BatchOutcome {
        /** Stored, and at least one of its records was new. */
        STORED,
        /** Stored, but every record was there already (a resend) or rejected. */
        DUPLICATE,
        /** Refused as a whole and kept as a dead letter. */
        DEAD_LETTERED,
        /** The store failed transiently: neither stored nor acked, the kiosk sends it again. */
        NOT_STORED
    }

    /** Tells nobody: for tests and tools that wire ingest without metrics. */
    IngestEvents NONE = new IngestEvents() {
        @Override
        public void batch(BatchOutcome outcome) {
        }

        @Override
        public void stored(BatchResult result, Duration sinceArrival) {
        }

        @Override
        public void deadLettered(DeadLetterReason reason) {
        }
    };

    /** A records message handled, with its outcome. */
    void batch(BatchOutcome outcome);

    /**
     * A batch committed: what it added (records by type, records dead-lettered by reason) and how
     * long it took from the message's arrival at the hub to the commit.
     */
    void stored(BatchResult result, Duration sinceArrival);

    /** A whole message (a batch or a status) written as one dead letter. */
    void deadLettered(DeadLetterReason reason);
}
