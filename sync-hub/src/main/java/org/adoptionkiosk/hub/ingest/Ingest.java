package org.adoptionkiosk.hub.ingest;

import org.adoptionkiosk.hub.mqtt.BrokerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Takes messages off the MQTT client's thread and handles them in arrival order on one ingest
 * thread, which keeps each device's messages in order. Records messages that are already waiting
 * are taken together, so a backlog is stored with one commit per group. One bad message never
 * stops the next.
 */
public final class Ingest implements BrokerClient.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ingest.class);
    /** Batches stored in one transaction at most (up to ~20 MiB of JSON at the wire limit). */
    static final int MAX_GROUP = 20;

    /**
     * One MQTT message as it arrived.
     *
     * @param arrivedNanos {@link System#nanoTime()} when the hub took it off the MQTT client: the
     *                     start of its ingest latency (monotonic, unlike a clock)
     */
    public record Message(String topic, byte[] payload, boolean retained, long arrivedNanos) {
        /** A message arriving now. */
        public Message(String topic, byte[] payload, boolean retained) {
            this(topic, payload, retained, System.nanoTime());
        }

        boolean isRecords() {
            return topic.endsWith("/records");
        }
    }

    private final RecordsIngest records;
    private final StatusIngest status;
    private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closing;

    public Ingest(RecordsIngest records, StatusIngest status) {
        this.records = records;
        this.status = status;
        this.worker = new Thread(this::run, "hub-ingest");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** On the MQTT client's thread: only queues. */
    @Override
    public void messageArrived(String topic, byte[] payload, boolean retained) {
        if (!closing) {
            queue.add(new Message(topic, payload, retained));
        }
    }

    private void run() {
        while (!closing) {
            Message m;
            try {
                m = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (m != null) {
                handle(m);
            }
        }
    }

    private void handle(Message first) {
        try {
            if (first.isRecords()) {
                List<Message> group = new ArrayList<>();
                group.add(first);
                // Only this thread takes from the queue, so what peek sees is what poll returns.
                while (group.size() < MAX_GROUP && queue.peek() != null && queue.peek().isRecords()) {
                    group.add(queue.poll());
                }
                records.handle(group);
            } else if (first.topic().endsWith("/status")) {
                status.handle(first.topic(), first.payload(), first.retained());
            } else {
                log.warn("ignored a message on an unexpected topic");
            }
        } catch (RuntimeException e) {
            // Class and place only: an exception message might quote the payload.
            StackTraceElement[] at = e.getStackTrace();
            log.error("ingest failed on a message: {} at {}", e.getClass().getName(), at.length > 0 ? at[0] : "?");
        }
    }

    /** Messages waiting to be handled. */
    public int backlog() {
        return queue.size();
    }

    /**
     * Lets the message in hand finish and drops the queue (nothing queued was acked, so kiosks
     * resend it). No interrupt: an interrupted thread inside H2 closes its database file.
     */
    @Override
    public void close() {
        closing = true;
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            log.warn("ingest thread still busy at shutdown");
        }
        queue.clear();
    }
}
