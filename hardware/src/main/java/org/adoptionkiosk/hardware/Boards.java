package org.adoptionkiosk.hardware;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Opens the board the kiosk's {@code hardware=pi|simulated|auto} choice asks for.
 *
 * <p>A machine is a Raspberry Pi when its device-tree model names one. That file is what Raspberry
 * Pi OS itself reads, needs no root and exists on every Pi model; other Linux machines either
 * lack it or name another board.
 */
public final class Boards {
    private static final Logger log = LoggerFactory.getLogger(Boards.class);

    /** Where Linux on ARM boards names the board, e.g. "Raspberry Pi 4 Model B Rev 1.4". */
    public static final Path DEVICE_TREE_MODEL = Path.of("/proc/device-tree/model");

    private final Path modelFile;
    private final Function<Pins, Board> openPi;

    /**
     * @param modelFile the device-tree model file ({@link #DEVICE_TREE_MODEL}, or a test's file)
     * @param openPi    opens the Pi's board ({@code PiBoard::open}, or a test's mock)
     */
    public Boards(Path modelFile, Function<Pins, Board> openPi) {
        this.modelFile = Objects.requireNonNull(modelFile, "modelFile");
        this.openPi = Objects.requireNonNull(openPi, "openPi");
    }

    /** This machine: its own device-tree model and real GPIO. */
    public static Boards system() {
        return new Boards(DEVICE_TREE_MODEL, PiBoard::open);
    }

    /**
     * The board for {@code mode} ("pi", "simulated" or "auto") on this machine.
     *
     * @throws IllegalArgumentException for an unknown mode (the message lists the three)
     * @throws IllegalStateException    for "pi" on a machine that is not a Pi, or a Pi whose GPIO cannot be opened
     */
    public static Board open(String mode, Pins pins) {
        return system().open(HardwareMode.parse(mode), pins);
    }

    /**
     * {@code PI} fails rather than pretend; {@code AUTO} on a Pi whose GPIO cannot be opened logs a
     * warning and falls back to the simulated board, because a kiosk that keeps taking enquiries
     * without its light and button is better than one that will not start at an event. The
     * board's {@link Board#kind()} then says "simulated", for the status page.
     */
    public Board open(HardwareMode mode, Pins pins) {
        Objects.requireNonNull(pins, "pins");
        switch (Objects.requireNonNull(mode, "mode")) {
            case SIMULATED:
                return new SimulatedBoard();
            case PI:
                if (piModel().isEmpty()) {
                    throw new IllegalStateException("hardware=pi, but this machine is not a Raspberry Pi ("
                            + modelDescription() + "); use hardware=auto or hardware=simulated");
                }
                return openPi.apply(pins);
            case AUTO:
                Optional<String> model = piModel();
                if (model.isEmpty()) {
                    log.info("Not a Raspberry Pi ({}): using the simulated board", modelDescription());
                    return new SimulatedBoard();
                }
                try {
                    return openPi.apply(pins);
                } catch (RuntimeException e) {
                    log.warn("{}, but its GPIO could not be opened: using the simulated board. {}",
                            model.get(), e.getMessage());
                    return new SimulatedBoard();
                }
            default:
                throw new IllegalArgumentException("hardware: unknown mode " + mode);
        }
    }

    /** The board's model when this machine is a Raspberry Pi, e.g. "Raspberry Pi 5 Model B Rev 1.0". */
    public Optional<String> piModel() {
        return model().filter(model -> model.contains("Raspberry Pi"));
    }

    private Optional<String> model() {
        try {
            // Device-tree strings end in a NUL byte.
            String text = Files.readString(modelFile, StandardCharsets.UTF_8).replace("\0", "").trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String modelDescription() {
        return model().map(model -> modelFile + " says '" + model + "'").orElse(modelFile + " is missing or empty");
    }
}
