package org.adoptionkiosk.protocol.options;

import org.adoptionkiosk.protocol.BrokerTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every tool's command line shares: wording of mistakes, variables, the broker options. */
class OptionsTest {
    @Command(name = "tool", subcommands = Sub.class)
    static final class Tool implements Runnable {
        @Mixin
        HelpOption help = new HelpOption();
        @Mixin
        BrokerOptions broker = new BrokerOptions();
        @Mixin
        BrokerTlsOptions tls = new BrokerTlsOptions();
        @Option(names = "--port", converter = Cli.ListenPort.class)
        Integer port;
        @Option(names = "--count")
        Integer count;
        @Option(names = "--quiet")
        boolean quiet;
        @Option(names = "--secret")
        String secret;

        @Override
        public void run() {
        }
    }

    @Command(name = "sub")
    static final class Sub implements Runnable {
        @Option(names = "--id", required = true)
        String id;

        @Override
        public void run() {
        }
    }

    @Command(name = "failing")
    static final class Failing implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("the s3cret store is gone\nat line two");
        }
    }

    private static Tool parse(Map<String, String> env, String... args) {
        Tool tool = new Tool();
        CommandLine cl = Cli.configure(new CommandLine(tool));
        cl.setDefaultValueProvider(new EnvironmentDefaults("T_", env, Set.of("--port", "--count", "--quiet",
                "--broker", "--broker-password"), null));
        Cli.parse(cl, args);
        return tool;
    }

    private static String mistake(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), args)).getMessage();
    }

    @Test
    void mistakesAreSaidOneWayInEveryTool() {
        assertEquals("unknown option '--colour'", mistake("--colour", "red"));
        assertEquals("unknown option '--colour'", mistake("--colour=red"));
        assertEquals("unknown command 'extra'", mistake("extra"));
        assertEquals("unexpected argument 'extra'", mistake("sub", "--id", "x", "extra"));
        assertEquals("--count needs a value", mistake("--count"));
        assertEquals("--count needs a value", mistake("--count", "--quiet"));
        assertEquals("--count is given twice", mistake("--count", "1", "--count=2"));
        assertEquals("--count must be a whole number, not 'many'", mistake("--count", "many"));
        assertEquals("--port must be a port number from 0 to 65535, not '70000'", mistake("--port", "70000"));
        assertEquals("--id is required", mistake("sub"));
    }

    @Test
    void theEnvironmentFillsInWhatTheCommandLineLeavesOut() {
        Tool t = parse(Map.of("T_PORT", " 8081 ", "T_COUNT", "", "T_QUIET", "yes", "T_SECRET", "not an option's"),
                "--port", "9000");
        assertEquals(9000, t.port, "the command line wins");
        assertNull(t.count, "a blank variable is not set");
        assertTrue(t.quiet);
        assertNull(t.secret, "only the options named have a variable");
        assertEquals(8081, parse(Map.of("T_PORT", " 8081 ")).port);
        assertFalse(parse(Map.of("T_QUIET", "0")).quiet);
        assertEquals("--quiet / T_QUIET must be true or false, not 'maybe'",
                assertThrows(IllegalArgumentException.class, () -> parse(Map.of("T_QUIET", "maybe"))).getMessage());
        assertEquals("--port must be a port number from 0 to 65535, not '-1'",
                assertThrows(IllegalArgumentException.class, () -> parse(Map.of("T_PORT", "-1"))).getMessage());
        assertTrue(parse(Map.of("T_PORT", "-1"), "--help").help.requested(), "a wrong variable never hides the help");
        assertEquals("T_HTTP_PORT", EnvironmentDefaults.variable("T_", "--http-port"));
    }

    @Test
    void theUsageListsEachOptionsVariable() {
        CommandLine cl = Cli.configure(new CommandLine(new Tool()));
        EnvironmentDefaults defaults = new EnvironmentDefaults("T_", Map.of(), Set.of("--port", "--broker"), null);
        cl.setDefaultValueProvider(defaults);
        defaults.describeIn(cl, "Environment:");
        String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(usage.startsWith("usage: tool"), usage);
        assertTrue(usage.contains("Environment:") && usage.matches("(?s).*T_PORT +--port.*")
                && usage.matches("(?s).*T_BROKER +--broker\\R.*"), usage);
        assertFalse(usage.contains("T_QUIET"), usage);
        assertFalse(cl.getSubcommands().get("sub").getUsageMessage().contains("Environment:"), "none of its own");
    }

    @Test
    void aMistakeIsOneLineWithExitTwoAndAFailureExitOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cl = Cli.report(Cli.configure(new CommandLine(new Tool())), "tool", System.out, errStream,
                line -> line.replace("s3cret", "***"));
        assertEquals(2, cl.execute("sub", "--id"));
        assertEquals("tool: --id needs a value (see: tool sub --help)\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        CommandLine failing = Cli.report(Cli.configure(new CommandLine(new Failing())), "tool", System.out, errStream,
                line -> line.replace("s3cret", "***"));
        assertEquals(1, failing.execute());
        assertEquals("tool: the *** store is gone\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void kioskAndHubTakeTheSameBrokerUrlsAndSecretFiles(@TempDir Path dir) throws Exception {
        for (String url : new String[] {"tcp://h:1883", "ssl://h:8883", "ws://h/mqtt", "WSS://h", "tcp://h"}) {
            assertEquals(url, parse(Map.of(), "--broker", url).broker.url());
        }
        for (String url : new String[] {"http://h:1", "h:1883", "tcp:///nohost", "not a url"}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--broker", url).broker.url())
                    .getMessage().startsWith("--broker must look like tcp://host:port"), url);
        }
        Path file = Files.writeString(dir.resolve("pw"), "  s3cret \nnext line\n");
        assertEquals("s3cret", parse(Map.of(), "--broker-password-file", file.toString()).broker.password());
        assertEquals("given", parse(Map.of("T_BROKER_PASSWORD", "given"), "--broker-password-file",
                file.toString()).broker.password(), "a password given wins over the file");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--broker-password-file",
                empty.toString()).broker.password()).getMessage().endsWith("is empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--broker-password-file",
                dir.resolve("none").toString()).broker.password()).getMessage().endsWith(": no such file"));

        assertEquals(BrokerTls.DEFAULT, parse(Map.of()).tls.tls());
        assertEquals(new BrokerTls(file, file, empty), parse(Map.of(), "--broker-ca", file.toString(),
                "--broker-client-cert", file.toString(), "--broker-client-key", empty.toString()).tls.tls());
        assertEquals("--broker-client-cert and --broker-client-key go together", assertThrows(
                IllegalArgumentException.class, () -> parse(Map.of(), "--broker-client-cert", file.toString())
                        .tls.tls()).getMessage());
    }
}
