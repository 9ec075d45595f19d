package org.adoptionkiosk.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The extension's lifecycle, run on sample test classes through JUnit's own engine test kit. */
class StartedTest {
    /** What the sample fixtures did, in order: "start a 1", "close a 1", "test" and the like. */
    static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());
    static final List<Path> DIRS = Collections.synchronizedList(new ArrayList<>());

    /** A fixture that writes a file in its directory and says when it starts and closes. */
    record Fixture(String name, int n, Path dir) implements AutoCloseable {
        static Started.Factory<Fixture> named(String name) {
            int[] count = {0};
            return dir -> {
                Files.writeString(dir.resolve("in-use"), name);
                DIRS.add(dir);
                LOG.add("start " + name + " " + ++count[0]);
                return new Fixture(name, count[0], dir);
            };
        }

        @Override
        public void close() {
            LOG.add("close " + name + " " + n);
        }
    }

    static class PerTestSample {
        @RegisterExtension
        @Order(1)
        static final Started<Fixture> a = Started.perTest(Fixture.named("a"));
        @RegisterExtension
        @Order(2)
        static final Started<Fixture> b = Started.perTest(Fixture.named("b"));

        @BeforeEach
        void before() {
            LOG.add("before-each sees " + a.get().name() + a.get().n() + " " + b.get().name() + b.get().n());
        }

        @AfterEach
        void after() {
            LOG.add("after-each");
        }

        @Test
        void passes() {
            LOG.add("test");
        }

        @Test
        void fails() {
            LOG.add("test");
            throw new AssertionError("on purpose");
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassInstanceFieldSample {
        final String prefix = "from the instance ";
        @RegisterExtension
        final Started<Fixture> shared = Started.perClass(dir -> {
            LOG.add(prefix + "field");
            return Fixture.named("shared").start(dir);
        });

        @Test
        void one() {
            LOG.add("test " + shared.get().n());
        }

        @Test
        void two() {
            LOG.add("test " + shared.get().n());
        }
    }

    static class FailingStartSample {
        @RegisterExtension
        @Order(1)
        static final Started<Fixture> first = Started.perTest(Fixture.named("first"));
        @RegisterExtension
        @Order(2)
        static final Started<Fixture> broken = Started.perTest(dir -> {
            DIRS.add(dir);
            throw new IllegalStateException("cannot start");
        });

        @Test
        void neverRuns() {
            LOG.add("test");
        }
    }

    static class PerClassOnInstanceFieldWithoutPerClassLifecycleSample {
        @RegisterExtension
        final Started<Fixture> wrong = Started.perClass(Fixture.named("wrong"));

        @Test
        void saysWhy() {
            wrong.get();
        }
    }

    private static Events run(Class<?> sample) {
        LOG.clear();
        DIRS.clear();
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute().testEvents();
    }

    private static void assertDirsGone() {
        assertFalse(DIRS.isEmpty());
        for (Path d : DIRS) {
            assertFalse(Files.exists(d), d + " deleted");
        }
    }

    @Test
    void perTestFixturesStartInOrderAndCloseInReverseEvenWhenTheTestFails() {
        Events events = run(PerTestSample.class);
        events.assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        List<String> one = List.of("start a 1", "start b 1", "before-each sees a1 b1", "test", "after-each",
                "close b 1", "close a 1");
        List<String> two = List.of("start a 2", "start b 2", "before-each sees a2 b2", "test", "after-each",
                "close b 2", "close a 2");
        List<String> both = new ArrayList<>(one);
        both.addAll(two);
        assertEquals(both, LOG, "the methods run in a deterministic but unspecified order: the counts show each its own");
        assertEquals(4, DIRS.size(), "a directory per fixture per test");
        assertDirsGone();
    }

    @Test
    void aPerClassFixtureOnAPerClassInstanceStartsOnceAndMayUseTheInstance() {
        run(PerClassInstanceFieldSample.class).assertStatistics(s -> s.started(2).succeeded(2));
        assertEquals(List.of("from the instance field", "start shared 1", "test 1", "test 1", "close shared 1"), LOG);
        assertDirsGone();
    }

    @Test
    void whenAStartFailsTheOnesStartedCloseAndTheTestFails() {
        Events events = run(FailingStartSample.class);
        events.assertStatistics(s -> s.started(1).failed(1));
        assertEquals(List.of("start first 1", "close first 1"), LOG);
        assertEquals(2, DIRS.size());
        assertDirsGone();
    }

    @Test
    void aFixtureThatNeverStartedSaysWhy() {
        Events events = run(PerClassOnInstanceFieldWithoutPerClassLifecycleSample.class);
        events.assertStatistics(s -> s.failed(1));
        Throwable why = events.failed().list().get(0).getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                .getThrowable().orElseThrow();
        assertTrue(why.getMessage().contains("PER_CLASS"), why.getMessage());
        assertThrows(IllegalStateException.class, () -> Started.perTest(Fixture.named("x")).get());
    }
}
