package org.adoptionkiosk.appliance.device;

import org.adoptionkiosk.hardware.Board;
import org.adoptionkiosk.hardware.LightPattern;
import org.adoptionkiosk.hardware.Screen;
import org.adoptionkiosk.hardware.SimulatedBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The kiosk's hardware at work: the help button raises a help request, motion wakes the screen
 * and counts footfall, and the status light follows the sync state. Board callbacks only hand work
 * to this class's own thread, which does the database writes, so the board's thread never blocks.
 */
public final class KioskHardware implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KioskHardware.class);
    static final long LIGHT_EVERY_MILLIS = 1_000;

    private final Board board;
    private final Screen screen;
    private final HelpDesk help;
    private final Footfall footfall;
    private final LightPolicy policy;
    private final BooleanSupplier brokerConnected;
    private final LongSupplier backlog;
    private final Supplier<Long> diskFreeBytes;
    private final Clock clock;
    private final ScheduledExecutorService worker;
    private boolean closed;

    public KioskHardware(Board board, Screen screen, HelpDesk help, Footfall footfall, LightPolicy policy,
                         BooleanSupplier brokerConnected, LongSupplier backlog, Supplier<Long> diskFreeBytes,
                         Clock clock) {
        this.board = board;
        this.screen = screen;
        this.help = help;
        this.footfall = footfall;
        this.policy = policy;
        this.brokerConnected = brokerConnected;
        this.backlog = backlog;
        this.diskFreeBytes = diskFreeBytes;
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kiosk-hardware");
            t.setDaemon(true);
            return t;
        });
    }

    /** Listens to the button and the sensor and starts driving the light. */
    public void start() {
        board.helpButton().onPress(() -> worker.execute(this::helpPressed));
        board.motionSensor().onMotion(() -> worker.execute(this::motionSeen));
        worker.scheduleWithFixedDelay(this::updateLight, 0, LIGHT_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        log.info("hardware: {} board, screen control: {}", board.kind(), screen.available() ? screen : "none");
    }

    private void helpPressed() {
        try {
            if (help.raise()) {
                log.info("help button pressed: help request raised");
            }
        } catch (RuntimeException e) {
            log.warn("could not record a help request: {}", e.getMessage());
        }
    }

    private void motionSeen() {
        screen.wake();
        try {
            footfall.motion();
        } catch (RuntimeException e) {
            log.warn("could not count footfall: {}", e.getMessage());
        }
    }

    /** Every second on the worker: the light follows the sync state. */
    private void updateLight() {
        try {
            LightPattern pattern = policy.decide(clock.instant(), brokerConnected.getAsBoolean(),
                    backlog.getAsLong(), diskFreeBytes.get());
            if (pattern != board.statusLight().current()) {
                board.statusLight().show(pattern);
            }
        } catch (RuntimeException e) {
            // The database is closing or failing: the red light says staff must look.
            board.statusLight().show(LightPattern.FAST_RED);
        }
    }

    /** What the light shows now. */
    public LightPattern light() {
        return board.statusLight().current();
    }

    public String boardKind() {
        return board.kind();
    }

    /** The simulated board, so the demo's dashboard can press its button and wave at its sensor. */
    public Optional<SimulatedBoard> simulated() {
        return board instanceof SimulatedBoard s ? Optional.of(s) : Optional.empty();
    }

    /** Stops listening, turns the light off and releases the board. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        board.statusLight().show(LightPattern.OFF);
        board.close();
    }
}
