package org.adoptionkiosk.appliance.device;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.figures.KioskFigures;
import org.adoptionkiosk.hardware.LightPattern;
import org.adoptionkiosk.hardware.PiBoard;
import org.adoptionkiosk.hardware.Pins;
import org.adoptionkiosk.hardware.Screen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The kiosk's hardware wiring on Pi4J's own mock GPIO (the real PiBoard, a real H2): the help
 * button raises a help request, the sync state sets the light's pattern on the pins, and motion
 * wakes the screen and counts footfall.
 */
class HardwareWiringTest {
    @TempDir
    Path dir;
    private Context pi4j;
    private Database db;
    private KioskHardware hardware;
    private HelpDesk help;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicBoolean connected = new AtomicBoolean(true);
    private final AtomicInteger wakes = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        pi4j = Pi4J.newContextBuilder()
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
        db = Database.open(dir);
        Clock clock = Clock.systemUTC();
        help = new HelpDesk(db, clock);
        Screen screen = new Screen() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public void wake() {
                wakes.incrementAndGet();
            }
        };
        hardware = new KioskHardware(new PiBoard(pi4j, Pins.DEFAULTS.with("debounce-ms=50")), screen, help,
                new Footfall(db, clock), new LightPolicy(), connected::get, backlog::get, () -> null, clock);
        hardware.start();
    }

    @AfterEach
    void stop() {
        hardware.close();
        pi4j.shutdown();
        db.close();
    }

    @Test
    void aPressOfTheHelpButtonRaisesAHelpRequest() {
        MockDigitalInput button = input(PiBoard.HELP_ID);
        button.mockState(DigitalState.HIGH); // released (pulled up)
        for (int i = 0; i < 4; i++) { // a bouncing contact
            button.mockState(DigitalState.LOW);
            button.mockState(DigitalState.HIGH);
        }
        button.mockState(DigitalState.LOW);
        await(() -> help.summary().open() == 1, "a help request");
        assertTrue(help.summary().noteShowing(), "the visitor's screen says help is coming");
        assertEquals(1, help.recent(10).size(), "one press, one request");
    }

    @Test
    void theLightFollowsTheBacklog() {
        DigitalOutput red = output(PiBoard.RED_ID);
        DigitalOutput green = output(PiBoard.GREEN_ID);
        await(() -> hardware.light() == LightPattern.STEADY_GREEN, "green with nothing waiting");
        await(() -> green.isHigh() && red.isLow(), "the green pin on, the red off");

        backlog.set(40);
        await(() -> hardware.light() == LightPattern.SLOW_AMBER, "amber with a backlog");
        // Amber is red and green together, blinking: both pins go high and low again.
        await(() -> red.isHigh() && green.isHigh(), "amber on");
        await(() -> red.isLow() && green.isLow(), "amber off");

        backlog.set(0);
        await(() -> hardware.light() == LightPattern.STEADY_GREEN, "green once drained");
        hardware.close();
        assertTrue(green.isLow() && red.isLow(), "off at shutdown");
    }

    @Test
    void motionWakesTheScreenAndCountsFootfall() {
        MockDigitalInput sensor = input(PiBoard.MOTION_ID);
        sensor.mockState(DigitalState.LOW);
        sensor.mockState(DigitalState.HIGH);
        KioskFigures figures = new KioskFigures(db, Clock.systemUTC(), ZoneId.systemDefault());
        await(() -> figures.today(null).today().footfall() == 1, "one visit counted");
        await(() -> wakes.get() == 1, "the screen woken");
    }

    private MockDigitalInput input(String id) {
        return pi4j.io(id, MockDigitalInput.class);
    }

    private DigitalOutput output(String id) {
        return pi4j.io(id, DigitalOutput.class);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
