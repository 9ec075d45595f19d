package org.adoptionkiosk.appliance.device;

import org.adoptionkiosk.testkit.Await;
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
    void aPressOfTheHelpButtonRaisesAHelpRequest() throws Exception {
        MockDigitalInput button = input(PiBoard.HELP_ID);
        button.mockState(DigitalState.HIGH); // released (pulled up)
        for (int i = 0; i < 4; i++) { // a bouncing contact
            button.mockState(DigitalState.LOW);
            button.mockState(DigitalState.HIGH);
        }
        button.mockState(DigitalState.LOW);
        Await.until("a help request", () -> help.summary().open() == 1);
        assertTrue(help.summary().noteShowing(), "the visitor's screen says help is coming");
        assertEquals(1, help.recent(10).size(), "one press, one request");
    }

    @Test
    void theLightFollowsTheBacklog() throws Exception {
        DigitalOutput red = output(PiBoard.RED_ID);
        DigitalOutput green = output(PiBoard.GREEN_ID);
        Await.until("green with nothing waiting", () -> hardware.light() == LightPattern.STEADY_GREEN);
        Await.until("the green pin on, the red off", () -> green.isHigh() && red.isLow());

        backlog.set(40);
        Await.until("amber with a backlog", () -> hardware.light() == LightPattern.SLOW_AMBER);
        // Amber is red and green together, blinking: both pins go high and low again.
        Await.until("amber on", () -> red.isHigh() && green.isHigh());
        Await.until("amber off", () -> red.isLow() && green.isLow());

        backlog.set(0);
        Await.until("green once drained", () -> hardware.light() == LightPattern.STEADY_GREEN);
        hardware.close();
        assertTrue(green.isLow() && red.isLow(), "off at shutdown");
    }

    @Test
    void motionWakesTheScreenAndCountsFootfall() throws Exception {
        MockDigitalInput sensor = input(PiBoard.MOTION_ID);
        sensor.mockState(DigitalState.LOW);
        sensor.mockState(DigitalState.HIGH);
        KioskFigures figures = new KioskFigures(db, Clock.systemUTC(), ZoneId.systemDefault());
        Await.until("one visit counted", () -> figures.today(null).today().footfall() == 1);
        Await.until("the screen woken", () -> wakes.get() == 1);
    }

    private MockDigitalInput input(String id) {
        return pi4j.io(id, MockDigitalInput.class);
    }

    private DigitalOutput output(String id) {
        return pi4j.io(id, DigitalOutput.class);
    }
}
