package org.adoptionkiosk.hardware;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BoardsTest {
    @TempDir
    Path dir;

    /** Stands in for the Pi's board: records the pins it was opened with. */
    private final AtomicReference<Pins> openedWith = new AtomicReference<>();
    private final Board piBoard = new SimulatedBoard();
    private final Function<Pins, Board> openPi = pins -> {
        openedWith.set(pins);
        return piBoard;
    };

    @Test
    void simulatedIsSimulatedEverywhere() throws Exception {
        Boards onAPi = new Boards(model("Raspberry Pi 4 Model B Rev 1.4\0"), openPi);
        assertEquals("simulated", onAPi.open(HardwareMode.SIMULATED, Pins.DEFAULTS).kind());
        assertEquals(null, openedWith.get());
    }

    @Test
    void autoPicksThePiOnlyOnAPi() throws Exception {
        Pins pins = Pins.parse("help=5");
        assertSame(piBoard, new Boards(model("Raspberry Pi 5 Model B Rev 1.0\0"), openPi).open(HardwareMode.AUTO, pins));
        assertEquals(pins, openedWith.get());

        openedWith.set(null);
        assertInstanceOf(SimulatedBoard.class, new Boards(model("Pine64 RockPro64 v2.1\0"), openPi).open(HardwareMode.AUTO, pins));
        assertInstanceOf(SimulatedBoard.class, new Boards(dir.resolve("missing"), openPi).open(HardwareMode.AUTO, pins));
        assertEquals(null, openedWith.get());
    }

    @Test
    void autoOnAPiWhoseGpioWillNotOpenFallsBackToSimulated() throws Exception {
        Boards boards = new Boards(model("Raspberry Pi 4 Model B Rev 1.4\0"), pins -> {
            throw new IllegalStateException("hardware: cannot open the Pi's GPIO (gpiod: permission denied)");
        });
        assertInstanceOf(SimulatedBoard.class, boards.open(HardwareMode.AUTO, Pins.DEFAULTS));
    }

    @Test
    void piOnAPiOpensThePi() throws Exception {
        assertSame(piBoard, new Boards(model("Raspberry Pi Zero 2 W Rev 1.0\0"), openPi).open(HardwareMode.PI, Pins.DEFAULTS));
    }

    @Test
    void piElsewhereFailsWithOneClearLine() throws Exception {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> new Boards(dir.resolve("missing"), openPi).open(HardwareMode.PI, Pins.DEFAULTS));
        assertTrue(missing.getMessage().startsWith("hardware=pi, but this machine is not a Raspberry Pi"), missing.getMessage());
        assertTrue(missing.getMessage().contains("missing or empty"), missing.getMessage());
        assertFalse(missing.getMessage().contains("\n"));

        IllegalStateException other = assertThrows(IllegalStateException.class,
                () -> new Boards(model("Pine64 RockPro64 v2.1\0"), openPi).open(HardwareMode.PI, Pins.DEFAULTS));
        assertTrue(other.getMessage().contains("says 'Pine64 RockPro64 v2.1'"), other.getMessage());
        assertEquals(null, openedWith.get());
    }

    @Test
    void modesParseAndUnknownOnesListTheThree() {
        assertEquals(HardwareMode.PI, HardwareMode.parse("pi"));
        assertEquals(HardwareMode.SIMULATED, HardwareMode.parse("Simulated"));
        assertEquals(HardwareMode.AUTO, HardwareMode.parse(" auto "));
        assertEquals("auto", HardwareMode.AUTO.toString());
        for (String bad : new String[] {"gpio", "", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HardwareMode.parse(bad));
            assertTrue(e.getMessage().contains("(use pi, simulated or auto)"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Boards.open("real", Pins.DEFAULTS));
        assertEquals("hardware: unknown mode 'real' (use pi, simulated or auto)", e.getMessage());
    }

    @Test
    void theStaticOpenGivesTheSimulatedBoardWhenAskedTo() {
        Board board = Boards.open("simulated", Pins.DEFAULTS);
        assertEquals("simulated", board.kind());
        board.close();
    }

    @Test
    void thisMachineWhenNotAPiCannotOpenRealGpio() {
        Optional<String> model = Boards.system().piModel();
        assumeTrue(model.isEmpty(), "this machine is a Pi");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Boards.open("pi", Pins.DEFAULTS));
        assertTrue(e.getMessage().startsWith("hardware=pi, but this machine is not a Raspberry Pi"), e.getMessage());
        assertInstanceOf(SimulatedBoard.class, Boards.open("auto", Pins.DEFAULTS));
    }

    private Path model(String text) throws Exception {
        return Files.writeString(dir.resolve("model"), text);
    }
}
