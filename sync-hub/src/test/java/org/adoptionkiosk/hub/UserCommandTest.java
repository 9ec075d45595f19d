package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.HubSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code sync-hub.jar user …}: the first admin comes from the command line, never a default password. */
class UserCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Path dir, String stdin, String... args) {
        out.reset();
        err.reset();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data";
        all[args.length + 1] = dir.toString();
        String[] command = new String[all.length + 1];
        command[0] = "user";
        System.arraycopy(all, 0, command, 1, all.length);
        return Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), null,
                new BufferedReader(new StringReader(stdin))).execute(command);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anAdminMadeOnTheCommandLineCanSignInAndBadInputIsExplained(@TempDir Path dir) throws Exception {
        assertEquals(0, run(dir, "a strong pass phrase\n", "add", "--username", "Admin", "--role", "central",
                "--password-stdin"), err());
        assertEquals(1, run(dir, "another pass phrase\n", "add", "--username", "admin", "--role", "central",
                "--password-stdin"));
        assertTrue(err().contains("already a user called admin"), err());
        assertEquals(1, run(dir, "short\n", "add", "--username", "x2", "--role", "viewer", "--password-stdin"));
        assertTrue(err().contains("at least 12 characters"), err());
        assertEquals(2, run(dir, "", "add", "--username", "r1", "--role", "regional", "--password-stdin"));
        assertTrue(err().contains("exactly one of --region or --agency"), err());
        assertEquals(2, run(dir, "", "add", "--username", "r1", "--role", "regional", "--region", "atlantis",
                "--password-stdin"));
        assertTrue(err().contains("no region 'atlantis'") && err().contains("north-wales"), err());
        assertEquals(2, run(dir, "", "add", "--username", "r1", "--role", "boss", "--password-stdin"));
        assertEquals(1, run(dir, "", "add", "--username", "r1", "--role", "viewer"), "no terminal and no stdin flag");
        assertTrue(err().contains("--password-stdin"), err());
        assertEquals(0, run(dir, "regional pass phrase\n", "add", "--username", "north", "--role", "regional",
                "--region", "north-wales", "--password-stdin"), err());
        assertEquals(0, run(dir, "", "list"));
        String list = out.toString(StandardCharsets.UTF_8);
        assertTrue(list.contains("admin\tcentral\t-\tenabled"), list);
        assertTrue(list.contains("north\tregional\tregion:north-wales\tenabled"), list);
        assertFalse(list.contains("pass phrase"));

        try (HubFixture f = new HubFixture(dir)) {
            HubSession s = HubSession.signIn(f.hub.httpPort(), "admin", "a strong pass phrase");
            assertEquals(200, s.get("/figures").statusCode());
            assertEquals(401, HubSession.anonymous(f.hub.httpPort()).tryToSignIn("admin", "wrong pass phrase!")
                    .statusCode());
        }
        assertEquals(0, run(dir, "", "disable", "--username", "admin"), err());
        try (HubFixture f = new HubFixture(dir)) {
            assertEquals(401, HubSession.anonymous(f.hub.httpPort()).tryToSignIn("admin", "a strong pass phrase")
                    .statusCode(), "a disabled user cannot sign in");
        }
    }
}
