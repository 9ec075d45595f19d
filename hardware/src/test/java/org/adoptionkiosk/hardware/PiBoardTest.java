package org.adoptionkiosk.hardware;

import org.adoptionkiosk.testkit.Await;
import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static com.pi4j.io.gpio.digital.DigitalState.HIGH;
import static com.pi4j.io.gpio.digital.DigitalState.LOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * PiBoard on Pi4J's own mock GPIO providers. No assertion depends on exact timings: waits are
 * generous upper bounds, and the tests use a 100 ms debounce so that a test thread paused by a
 * busy machine in the middle of a simulated bounce does not look like a second press.
 */
class PiBoardTest {
    private static final Pins PINS = Pins.DEFAULTS.with("debounce-ms=100");

    private Context pi4j;
    private PiBoard board;

    @BeforeEach
    void mockContext() {
        pi4j = Pi4J.newContextBuilder()
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
        board = new PiBoard(pi4j, PINS);
    }

    @AfterEach
    void shutDown() {
        board.close();
        pi4j.shutdown();
    }

    @Test
    void aBouncingPressIsOnePressDeliveredOnTheBoardsOwnThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        board.helpButton().onPress(() -> threads.add(Thread.currentThread().getName()));
        MockDigitalInput help = input(PiBoard.HELP_ID);
        help.mockState(HIGH); // released: the pull-up holds it high

        bounceTo(help, LOW);
        Await.until("the press to arrive", () -> threads.size() == 1);
        Thread.sleep(PINS.debounce().toMillis() * 3); // every pending debounce check has run by now
        assertEquals(List.of(PiBoard.THREAD_NAME), threads, "one press, on the board's thread, not Pi4J's");

        Thread.sleep(PINS.pressGuard().toMillis() + 100);
        bounceTo(help, HIGH); // the release bounces too, long after the press
        Thread.sleep(PINS.debounce().toMillis() * 3);
        assertEquals(1, threads.size(), "releasing is not a press");

        bounceTo(help, LOW); // a real second press, after the guard
        Await.until("the second press to arrive", () -> threads.size() == 2);
    }

    @Test
    void pressesWithinTheGuardTimeCountOnce() throws Exception {
        board.close();
        board = new PiBoard(pi4j, PINS.with("press-guard-ms=3000")); // ample, however slow the machine
        AtomicInteger presses = new AtomicInteger();
        board.helpButton().onPress(presses::incrementAndGet);
        MockDigitalInput help = input(PiBoard.HELP_ID);
        help.mockState(HIGH);
        // Settled each time (held past the debounce), but all within the guard.
        help.mockState(LOW);
        Await.until("the first press", () -> presses.get() == 1);
        help.mockState(HIGH);
        help.mockState(LOW);
        Thread.sleep(PINS.debounce().toMillis() * 3);
        assertEquals(1, presses.get());
    }

    @Test
    void motionReachesEveryListenerEvenWhenOneFails() throws Exception {
        AtomicInteger motions = new AtomicInteger();
        board.motionSensor().onMotion(() -> {
            throw new IllegalStateException("a broken listener, on purpose");
        });
        board.motionSensor().onMotion(motions::incrementAndGet);
        MockDigitalInput motion = input(PiBoard.MOTION_ID);

        motion.mockState(HIGH);
        Await.until("the first motion", () -> motions.get() == 1);
        motion.mockState(LOW); // the PIR's hold time ends
        motion.mockState(HIGH);
        Await.until("the second motion", () -> motions.get() == 2);
        Thread.sleep(PINS.debounce().toMillis() * 3);
        assertEquals(2, motions.get());
    }

    @Test
    void steadyGreenLightsGreenOnlyAndDoesNotBlink() throws Exception {
        board.statusLight().show(LightPattern.STEADY_GREEN);
        Await.until("green on, red off", () -> output(PiBoard.GREEN_ID).isHigh() && output(PiBoard.RED_ID).isLow());
        Toggles toggles = new Toggles();
        Thread.sleep(3 * LightRendering.SLOW.toMillis());
        assertEquals(0, toggles.red.get() + toggles.green.get(), "steady means no toggling");
        assertEquals(LightPattern.STEADY_GREEN, board.statusLight().current());
    }

    @Test
    void slowAmberBlinksRedAndGreenTogether() throws Exception {
        Toggles toggles = new Toggles();
        board.statusLight().show(LightPattern.SLOW_AMBER);
        Await.until("red and green to blink", () -> toggles.red.get() >= 3 && toggles.green.get() >= 3);
        assertEquals(LightPattern.SLOW_AMBER, board.statusLight().current());
    }

    @Test
    void fastRedBlinksRedWithGreenOff() throws Exception {
        Toggles toggles = new Toggles();
        board.statusLight().show(LightPattern.FAST_RED);
        Await.until("red to blink", () -> toggles.red.get() >= 3);
        assertEquals(0, toggles.greenHighs.get(), "green never lit");
    }

    @Test
    void offAfterBlinkingIsAllOffAndStaysOff() throws Exception {
        Toggles toggles = new Toggles();
        board.statusLight().show(LightPattern.SLOW_AMBER);
        Await.until("amber to blink", () -> toggles.red.get() >= 2);
        board.statusLight().show(LightPattern.OFF);
        Await.until("both off", () -> output(PiBoard.RED_ID).isLow() && output(PiBoard.GREEN_ID).isLow());
        int red = toggles.red.get();
        int green = toggles.green.get();
        Thread.sleep(3 * LightRendering.SLOW.toMillis());
        assertEquals(red, toggles.red.get(), "the blinking stopped");
        assertEquals(green, toggles.green.get(), "the blinking stopped");
        assertTrue(output(PiBoard.RED_ID).isLow() && output(PiBoard.GREEN_ID).isLow());
    }

    @Test
    void theLastPatternShownWins() throws Exception {
        for (LightPattern pattern : LightPattern.values()) {
            board.statusLight().show(pattern);
        }
        board.statusLight().show(LightPattern.STEADY_GREEN);
        Await.until("steady green", () -> output(PiBoard.GREEN_ID).isHigh() && output(PiBoard.RED_ID).isLow());
        assertEquals(LightPattern.STEADY_GREEN, board.statusLight().current());
    }

    @Test
    void closeTurnsTheLightOffStopsTheThreadReleasesThePinsAndIgnoresLateEvents() throws Exception {
        AtomicInteger presses = new AtomicInteger();
        board.helpButton().onPress(presses::incrementAndGet);
        MockDigitalInput help = input(PiBoard.HELP_ID);
        DigitalOutput red = output(PiBoard.RED_ID);
        DigitalOutput green = output(PiBoard.GREEN_ID);
        board.statusLight().show(LightPattern.SLOW_AMBER);
        Await.until("amber on", red::isHigh);

        board.close();
        assertEquals(LOW, red.state());
        assertEquals(LOW, green.state());
        assertEquals(LightPattern.OFF, board.statusLight().current());
        assertFalse(pi4j.registry().exists(PiBoard.RED_ID), "pins released");
        assertFalse(pi4j.registry().exists(PiBoard.HELP_ID), "pins released");
        Await.until("the board's thread to end", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals(PiBoard.THREAD_NAME) && t.isAlive()));

        help.mockState(HIGH);
        help.mockState(LOW);
        board.statusLight().show(LightPattern.FAST_RED); // harmless after close
        board.close(); // and so is a second close
        Thread.sleep(PINS.debounce().toMillis() * 3);
        assertEquals(0, presses.get());

        board = new PiBoard(pi4j, PINS); // the context can take a new board on the same pins
    }

    @Test
    void aBoardThatCannotClaimAPinReleasesTheOnesItHad() {
        board.close();
        pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(PiBoard.HELP_ID).address(5).build());
        assertThrows(RuntimeException.class, () -> new PiBoard(pi4j, PINS));
        assertFalse(pi4j.registry().exists(PiBoard.RED_ID));
        assertFalse(pi4j.registry().exists(PiBoard.GREEN_ID));
        pi4j.shutdown(PiBoard.HELP_ID);
        board = new PiBoard(pi4j, PINS);
    }

    /** Counts each LED's changes from now on. */
    private final class Toggles {
        final AtomicInteger red = new AtomicInteger();
        final AtomicInteger green = new AtomicInteger();
        final AtomicInteger greenHighs = new AtomicInteger();

        Toggles() {
            output(PiBoard.RED_ID).addListener(event -> red.incrementAndGet());
            output(PiBoard.GREEN_ID).addListener(event -> {
                green.incrementAndGet();
                if (event.state() == DigitalState.HIGH) {
                    greenHighs.incrementAndGet();
                }
            });
        }
    }

    /** A contact that chatters before it settles on {@code last}. */
    private static void bounceTo(MockDigitalInput input, DigitalState last) {
        DigitalState other = last == HIGH ? LOW : HIGH;
        for (int i = 0; i < 5; i++) {
            input.mockState(last);
            input.mockState(other);
        }
        input.mockState(last);
    }

    private MockDigitalInput input(String id) {
        return pi4j.io(id, MockDigitalInput.class);
    }

    private DigitalOutput output(String id) {
        return pi4j.io(id, DigitalOutput.class);
    }
}
