package org.adoptionkiosk.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts a fixture (a hub, a kiosk, a browser…) in a temporary directory
 * of its own, before each test or once for the class, and closes it afterwards, whether the test
 * passed or not, then deletes the directory. The module that owns the fixture says how to start one
 * (testkit knows neither the hub nor the kiosk):
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Started<HubFixture> hub = Started.perClass(HubFixture::new);
 * ...
 * hub.get().json("/api/devices");
 * }</pre>
 *
 * <p>A per-class one is a {@code static} field, or an instance field of a
 * {@code @TestInstance(PER_CLASS)} class (whose factory may then use the instance's other fields).
 * Several in one class start in the order of their {@code @Order(n)} (without it JUnit's order is
 * deterministic but deliberately not obvious) and close in the reverse order; a fixture starts before the class's own {@code @BeforeEach} (or
 * {@code @BeforeAll}) methods and closes after its {@code @AfterEach} (or {@code @AfterAll}) ones.
 * Tests of one class must not run concurrently (nothing here runs them so).
 */
public final class Started<T extends AutoCloseable>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** Starts a fixture in {@code dir}, a fresh empty directory that is deleted after the fixture closes. */
    @FunctionalInterface
    public interface Factory<T> {
        T start(Path dir) throws Exception;
    }

    private final Factory<T> factory;
    private final boolean perClass;
    private volatile T fixture;
    private volatile Path dir;

    private Started(Factory<T> factory, boolean perClass) {
        this.factory = factory;
        this.perClass = perClass;
    }

    /** A fresh fixture for every test. */
    public static <T extends AutoCloseable> Started<T> perTest(Factory<T> factory) {
        return new Started<>(factory, false);
    }

    /** One fixture for all the tests of the class. */
    public static <T extends AutoCloseable> Started<T> perClass(Factory<T> factory) {
        return new Started<>(factory, true);
    }

    /** The running fixture. */
    public T get() {
        T f = fixture;
        if (f == null) {
            throw new IllegalStateException("no fixture is running here: a per-class Started must be a static field"
                    + " or a field of a @TestInstance(PER_CLASS) class, and a fixture runs only during its tests");
        }
        return f;
    }

    /** The fixture's temporary directory, for files a test puts beside it. */
    public Path dir() {
        get();
        return dir;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (perClass) {
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (perClass) {
            stop();
        }
    }

    private void start() throws Exception {
        if (fixture != null) {
            throw new IllegalStateException("a fixture is already running: " + fixture);
        }
        Path made = Files.createTempDirectory("testkit-");
        try {
            T started = factory.start(made);
            if (started == null) {
                throw new IllegalStateException("the factory started nothing");
            }
            dir = made;
            fixture = started;
        } catch (Exception | Error e) {
            deleteQuietly(made, e);
            throw e;
        }
    }

    /** Closes the fixture (if it started: JUnit calls this even when an earlier start failed), then its directory. */
    private void stop() throws Exception {
        T f = fixture;
        Path d = dir;
        fixture = null;
        dir = null;
        if (f == null) {
            return;
        }
        try {
            f.close();
        } catch (Exception | Error e) {
            deleteQuietly(d, e);
            throw e;
        }
        Trees.delete(d);
    }

    private static void deleteQuietly(Path d, Throwable failure) {
        try {
            Trees.delete(d);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
