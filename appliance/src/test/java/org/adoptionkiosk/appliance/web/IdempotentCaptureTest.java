package org.adoptionkiosk.appliance.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.adoptionkiosk.testkit.Started;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.adoptionkiosk.appliance.TestKiosk;
import org.adoptionkiosk.appliance.capture.Messages;
import org.adoptionkiosk.protocol.Lang;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A page's retried save carries the record's id: the same capture, never a second record. */
class IdempotentCaptureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Messages MESSAGES = Messages.load();

    @RegisterExtension
    final Started<TestKiosk> kiosk = Started.perTest(TestKiosk::in);

    private static String enquiry(UUID id, String email) {
        return """
                {"id":"%s","type":"enquiry","lang":"cy","fields":{"localAuthority":"gwynedd","topic":"adopting",
                 "contactConsent":true,"privacyVersion":"2026-11"},
                 "personal":{"name":"Siân","email":"%s"}}""".formatted(id, email);
    }

    @Test
    void aRepeatWithTheSameIdAndContentAnswersTheFirstSeqAndStoresNothing() throws Exception {
        UUID id = UUID.randomUUID();
        HttpResponse<String> first = kiosk.get().postJson(enquiry(id, "sian@example.org"));
        assertEquals(201, first.statusCode(), first.body());
        HttpResponse<String> again = kiosk.get().postJson(enquiry(id, "sian@example.org"));
        assertEquals(200, again.statusCode(), again.body());
        JsonNode a = JSON.readTree(first.body());
        JsonNode b = JSON.readTree(again.body());
        assertEquals(id.toString(), b.get("id").asText());
        assertEquals(a.get("seq").asLong(), b.get("seq").asLong());
        assertEquals(1, count("SELECT COUNT(*) FROM records"));
        assertEquals(1, count("SELECT COUNT(*) FROM outbox"));

        HttpResponse<String> next = kiosk.get().postJson(enquiry(UUID.randomUUID(), "sian@example.org"));
        assertEquals(201, next.statusCode(), next.body());
        assertEquals(2, JSON.readTree(next.body()).get("seq").asLong(), "the repeat used no seq");
    }

    @Test
    void theSameIdWithOtherContentIsAConflictInTheVisitorsLanguage() throws Exception {
        UUID id = UUID.randomUUID();
        assertEquals(201, kiosk.get().postJson(enquiry(id, "sian@example.org")).statusCode());
        HttpResponse<String> other = kiosk.get().postJson(enquiry(id, "someone.else@example.org"));
        assertEquals(409, other.statusCode(), other.body());
        JsonNode answer = JSON.readTree(other.body());
        assertEquals("id_conflict", answer.get("error").asText());
        assertEquals("id", answer.get("field").asText());
        assertEquals(MESSAGES.get(Lang.CY, "error.id_conflict"), answer.get("message").asText());
        assertEquals(1, count("SELECT COUNT(*) FROM records"));
        assertEquals(2, count("SELECT next_value FROM counters WHERE name = 'seq'"), "the conflict used no seq");
    }

    @Test
    void anIdThatIsNotAUuidV4IsRefusedWithTheFieldNamed() throws Exception {
        for (String id : List.of("\"not-a-uuid\"", "\"00000000-0000-1000-8000-000000000000\"", "42", "true",
                "{}", "\"" + UUID.randomUUID().toString().replace("-", "") + "\"")) {
            HttpResponse<String> r = kiosk.get().postJson(enquiry(UUID.randomUUID(), "a@example.org")
                    .replaceFirst("\"id\":\"[^\"]+\"", "\"id\":" + id));
            assertEquals(400, r.statusCode(), id + ": " + r.body());
            JsonNode answer = JSON.readTree(r.body());
            assertEquals("id_invalid", answer.get("error").asText(), id);
            assertEquals("id", answer.get("field").asText(), id);
        }
        assertEquals(0, count("SELECT COUNT(*) FROM records"));
    }

    /** Eight pages retrying at once, each its save four times: one record a save, seqs gap-free. */
    @Test
    void concurrentRetriesOfManySavesMakeOneRecordEach() throws Exception {
        int saves = 40;
        List<UUID> ids = new ArrayList<>();
        List<Callable<JsonNode>> posts = new ArrayList<>();
        for (int i = 0; i < saves; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            for (int k = 0; k < 4; k++) {
                String body = enquiry(id, "v" + i + "@example.org");
                posts.add(() -> {
                    HttpResponse<String> r = kiosk.get().postJson(body);
                    if (r.statusCode() != 200 && r.statusCode() != 201) {
                        throw new AssertionError(r.statusCode() + " " + r.body());
                    }
                    return JSON.readTree(r.body());
                });
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Set<String> seqOfId = new HashSet<>();
            for (Future<JsonNode> f : pool.invokeAll(posts)) {
                JsonNode answer = f.get();
                seqOfId.add(answer.get("id").asText() + "=" + answer.get("seq").asLong());
            }
            assertEquals(saves, seqOfId.size(), "every answer for one id names the same seq: " + seqOfId);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(saves, count("SELECT COUNT(*) FROM records"));
        assertEquals(saves, count("SELECT MAX(seq) FROM records"));
        assertEquals(saves + 1, count("SELECT next_value FROM counters WHERE name = 'seq'"));
    }

    private long count(String sql) throws Exception {
        try (Connection c = kiosk.get().sql(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
