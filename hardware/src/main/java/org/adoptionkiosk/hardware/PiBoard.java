package org.adoptionkiosk.hardware;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalInputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalOutputProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kiosk's parts on a Raspberry Pi's GPIO through Pi4J: two LED outputs (red, green) for the
 * status light, the help button and the PIR motion sensor as inputs.
 *
 * <p>Everything that happens over time — blinking, debouncing, calling listeners — runs on one
 * daemon thread per board, so Pi4J's event thread only hands events over and is never blocked by
 * a listener, and the pins are only ever written from one thread.
 */
public final class PiBoard implements Board {
    private static final Logger log = LoggerFactory.getLogger(PiBoard.class);

    public static final String RED_ID = "kiosk-light-red";
    public static final String GREEN_ID = "kiosk-light-green";
    public static final String HELP_ID = "kiosk-help-button";
    public static final String MOTION_ID = "kiosk-motion-sensor";
    static final String THREAD_NAME = "kiosk-board";

    private final Context pi4j;
    private final boolean ownsContext;
    private final String driver;
    private final Pins pins;
    private final ScheduledThreadPoolExecutor worker;
    private final List<String> ioIds = new ArrayList<>();
    private final DigitalOutput red;
    private final DigitalOutput green;
    private final List<Runnable> helpListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> motionListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile LightPattern requested = LightPattern.OFF;
    private volatile Thread workerThread;

    // Touched only on the worker thread.
    private LightPattern rendered;
    private ScheduledFuture<?> blinking;
    private long lastPressNanos;
    private boolean pressedBefore;

    private final StatusLight statusLight = new StatusLight() {
        @Override
        public void show(LightPattern pattern) {
            requested = Objects.requireNonNull(pattern, "pattern");
            // The worker renders whatever is requested when it gets there, so the last show() wins
            // even when two threads call it at once.
            submit(PiBoard.this::render);
        }

        @Override
        public LightPattern current() {
            return requested;
        }
    };

    /**
     * A board on a context the caller owns (a test's mock context, say): {@link #close()} releases
     * this board's pins but leaves the context running.
     */
    public PiBoard(Context pi4j, Pins pins) {
        this(pi4j, pins, false, "given context");
    }

    private PiBoard(Context pi4j, Pins pins, boolean ownsContext, String driver) {
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.pins = Objects.requireNonNull(pins, "pins");
        this.ownsContext = ownsContext;
        this.driver = driver;
        this.worker = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true); // never keeps the kiosk's JVM alive
            workerThread = thread;
            return thread;
        });
        // Each show() cancels the blink task; without this the cancelled tasks pile up in the queue.
        worker.setRemoveOnCancelPolicy(true);
        try {
            red = output(RED_ID, "status light, red", pins.lightRed());
            green = output(GREEN_ID, "status light, green", pins.lightGreen());
            // The button connects its pin to ground: released reads high (pull-up), pressed low.
            DigitalInput help = input(HELP_ID, "help button", pins.help(), PullResistance.PULL_UP);
            help.addListener(event -> edge(event, help, DigitalState.LOW, this::helpSettled));
            // The PIR drives its output high while it sees motion; the pull-down holds it low if unplugged.
            DigitalInput motion = input(MOTION_ID, "motion sensor", pins.motion(), PullResistance.PULL_DOWN);
            motion.addListener(event -> edge(event, motion, DigitalState.HIGH, this::motionSettled));
        } catch (RuntimeException e) {
            worker.shutdownNow();
            releasePins();
            throw e;
        }
    }

    /**
     * Opens the Pi's GPIO with the gpiod provider (the kernel's character device, every current
     * Raspberry Pi OS) and falls back to linuxfs (the older sysfs interface) when gpiod cannot
     * start. The providers are named explicitly rather than left to {@code Pi4J.newAutoContext()},
     * whose choice by platform and priority could land on the raspberrypi plugin's GPIO providers
     * (in 2.8.0 they keep the state in memory and drive nothing) or, were it ever on the
     * classpath, the mock plugin.
     *
     * @throws IllegalStateException with a one-line message when neither provider can drive the pins
     */
    public static PiBoard open(Pins pins) {
        List<String> failures = new ArrayList<>();
        for (String driver : List.of("gpiod", "linuxfs")) {
            Context context = null;
            try {
                context = "gpiod".equals(driver) ? gpiodContext() : linuxfsContext();
                PiBoard board = new PiBoard(context, pins, true, driver);
                log.info("GPIO opened through {} ({})", driver, pins);
                return board;
            } catch (RuntimeException | LinkageError e) {
                failures.add(driver + ": " + e);
                shutDownQuietly(context);
            }
        }
        throw new IllegalStateException("hardware: cannot open the Pi's GPIO (" + String.join("; ", failures) + ")");
    }

    private static Context gpiodContext() {
        return Pi4J.newContextBuilder()
                .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                .disableShutdownHook() // close() turns the light off; a second hook would race it
                .build();
    }

    private static Context linuxfsContext() {
        return Pi4J.newContextBuilder()
                .add(LinuxFsDigitalInputProvider.newInstance(), LinuxFsDigitalOutputProvider.newInstance())
                .disableShutdownHook()
                .build();
    }

    @Override
    public StatusLight statusLight() {
        return statusLight;
    }

    @Override
    public HelpButton helpButton() {
        return listener -> helpListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public MotionSensor motionSensor() {
        return listener -> motionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public String kind() {
        return "pi";
    }

    /** The pins this board drives. */
    public Pins pins() {
        return pins;
    }

    /** "gpiod" or "linuxfs" when opened by {@link #open}, for the kiosk's status and logs. */
    public String driver() {
        return driver;
    }

    /** Turns the light off, stops the board's thread and releases the pins. Safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        requested = LightPattern.OFF;
        // shutdown(), not shutdownNow(): an interrupt in the middle of a pin write could leave a
        // linuxfs file channel closed under Pi4J. Periodic blinking stops at once on shutdown.
        worker.shutdown();
        if (Thread.currentThread() != workerThread) {
            try {
                worker.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        write(false, false);
        releasePins();
        if (ownsContext) {
            shutDownQuietly(pi4j);
        }
    }

    @Override
    public String toString() {
        return "PiBoard[" + driver + ", " + pins + "]";
    }

    // --- status light (worker thread) ---

    private void render() {
        LightPattern pattern = requested;
        if (pattern == rendered || closed.get()) {
            return; // the appliance may re-show the same pattern on every status tick: keep the blink's rhythm
        }
        rendered = pattern;
        if (blinking != null) {
            blinking.cancel(false);
            blinking = null;
        }
        LightRendering rendering = LightRendering.of(pattern);
        write(rendering.red(), rendering.green());
        if (rendering.blinks()) {
            long half = rendering.halfPeriod().toNanos();
            blinking = worker.scheduleAtFixedRate(new Blink(rendering), half, half, TimeUnit.NANOSECONDS);
        }
    }

    /** Alternates the pattern's colours with dark, one phase per run. */
    private final class Blink implements Runnable {
        private final LightRendering rendering;
        private boolean lit = true; // render() has just lit it

        Blink(LightRendering rendering) {
            this.rendering = rendering;
        }

        @Override
        public void run() {
            lit = !lit;
            write(rendering.red() && lit, rendering.green() && lit);
        }
    }

    private void write(boolean redOn, boolean greenOn) {
        try {
            red.state(redOn ? DigitalState.HIGH : DigitalState.LOW);
            green.state(greenOn ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            // Must not escape: a periodic task that throws is never run again, and the light would freeze.
            log.warn("Could not set the status light: {}", e.toString());
        }
    }

    // --- inputs ---

    /**
     * Called on Pi4J's event thread (or, with the mock plugin, the test's): only notes the time
     * and hands over. The edge counts once the input has held the active level for the debounce
     * time, so the bounces of a press and of a release never count on their own. (Pi4J's gpiod
     * provider already reports an edge only after the line has been quiet for the debounce time;
     * this check adds the same for linuxfs, which does not debounce, and for noise on the cable.)
     */
    private void edge(DigitalStateChangeEvent<?> event, DigitalInput input, DigitalState active, SettledEdge settled) {
        if (event.state() != active) {
            return;
        }
        long at = System.nanoTime();
        try {
            worker.schedule(() -> {
                if (input.state() == active) {
                    settled.at(at);
                }
            }, pins.debounce().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed: the event arrived after close() and is dropped on purpose
        }
    }

    private interface SettledEdge {
        void at(long nanos);
    }

    private void helpSettled(long at) {
        // The software guard: one press per guard time, whatever the contact or the driver does.
        if (pressedBefore && at - lastPressNanos < pins.pressGuard().toNanos()) {
            return;
        }
        pressedBefore = true;
        lastPressNanos = at;
        fire(helpListeners, "help button");
    }

    private void motionSettled(long at) {
        fire(motionListeners, "motion sensor");
    }

    private void fire(List<Runnable> listeners, String what) {
        if (closed.get()) {
            return;
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // One failing listener must neither silence the others nor the board's thread.
                log.warn("A {} listener failed", what, e);
            }
        }
    }

    // --- Pi4J plumbing ---

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing to show any more
        }
    }

    private DigitalOutput output(String id, String name, int bcm) {
        DigitalOutput output = pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id(id).name(name).address(bcm)
                .initial(DigitalState.LOW)
                .shutdown(DigitalState.LOW) // dark if Pi4J shuts the pin down itself
                .build());
        ioIds.add(id);
        return output;
    }

    private DigitalInput input(String id, String name, int bcm, PullResistance pull) {
        DigitalInput input = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                .id(id).name(name).address(bcm)
                .pull(pull)
                .debounce(pins.debounce().toNanos() / 1000, TimeUnit.MICROSECONDS)
                .build());
        ioIds.add(id);
        return input;
    }

    private void releasePins() {
        for (String id : ioIds) {
            try {
                pi4j.shutdown(id);
            } catch (RuntimeException e) {
                log.debug("Releasing {}: {}", id, e.toString());
            }
        }
        ioIds.clear();
    }

    private static void shutDownQuietly(Context context) {
        if (context == null) {
            return;
        }
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            log.debug("Pi4J shutdown: {}", e.toString());
        }
    }
}
