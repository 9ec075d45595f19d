package org.adoptionkiosk.protocol;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class RegionMapTest {
    private final WireCodec codec = new WireCodec();

    @Test
    void walesHasFiveRegionsAndTwentyTwoCouncils() {
        RegionMap wales = RegionMap.wales(codec.mapper());
        assertEquals(5, wales.regions().size());
        assertEquals(22, wales.regions().stream().mapToInt(r -> r.localAuthorities().size()).sum());
        assertEquals("north-wales", wales.regionOf("isle-of-anglesey").orElseThrow().id());
        assertEquals("Ynys Môn", wales.regions().get(0).localAuthorities().get(5).name().cy());
        assertEquals("vale-valleys-cardiff", wales.regionOf("rhondda-cynon-taf").orElseThrow().id());
        assertTrue(wales.isKnownLocalAuthority("outside-wales"));
        assertTrue(wales.regionOf("outside-wales").isEmpty());
        assertFalse(wales.isKnownLocalAuthority("atlantis"));
    }

    @Test
    void anotherStructureLoadsFromAFileOfTheSameShape(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("england-agency.json");
        Files.writeString(file, """
                {"id":"example-agency","name":{"cy":"Asiantaeth Enghreifftiol","en":"Example Regional Adoption Agency"},
                 "regions":[{"id":"north-hub","name":{"cy":"Hyb y Gogledd","en":"North hub"},
                   "localAuthorities":[{"slug":"council-a","name":{"cy":"Cyngor A","en":"Council A"}},
                                       {"slug":"council-b","name":{"cy":"Cyngor B","en":"Council B"}}]},
                  {"id":"south-hub","name":{"cy":"Hyb y De","en":"South hub"},
                   "localAuthorities":[{"slug":"council-c","name":{"cy":"Cyngor C","en":"Council C"}}]}],
                 "outside":{"slug":"outside-area","name":{"cy":"Tu allan","en":"Outside the area"}}}
                """);
        RegionMap map = RegionMap.load(file, codec.mapper());
        assertEquals("south-hub", map.regionOf("council-c").orElseThrow().id());
        assertTrue(map.isKnownLocalAuthority("outside-area"));
    }

    @Test
    void theEnglishExampleAgencyWithHubAndSpokeOfficesLoadsTheSameWay() throws Exception {
        RegionMap map;
        try (var in = RegionMap.class.getResourceAsStream("/regions/england-example.json")) {
            map = codec.mapper().readValue(in, RegionMap.class);
        }
        assertEquals(5, map.regions().stream().mapToInt(r -> r.localAuthorities().size()).sum());
        assertEquals(2, map.regions().stream().flatMap(r -> r.sites().stream())
                .filter(s -> s.kind().equals(RegionMap.Site.HUB)).count());
        assertEquals(5, map.regions().stream().flatMap(r -> r.sites().stream())
                .filter(s -> s.kind().equals(RegionMap.Site.SPOKE)).count());
        assertEquals("example-raa-south", map.site("millbrook-spoke").orElseThrow().getKey().id());
        assertEquals("example-raa-north", map.regionOf("fernhill").orElseThrow().id());
    }

    @Test
    void walesNamesAHubOfficeInEveryRegion() {
        RegionMap wales = RegionMap.wales(codec.mapper());
        for (RegionMap.Region r : wales.regions()) {
            assertTrue(r.sites().stream().anyMatch(s -> s.kind().equals(RegionMap.Site.HUB)), r.id());
        }
        assertEquals("north-wales", wales.site("north-wales-hub").orElseThrow().getKey().id());
    }

    @Test
    void aSiteOfAnUnknownKindIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad-site.json");
        Files.writeString(file, """
                {"id":"x","name":{"cy":"x","en":"x"},
                 "regions":[{"id":"a","name":{"cy":"a","en":"a"},"localAuthorities":[],
                             "sites":[{"id":"s","kind":"castle","name":{"cy":"s","en":"s"}}]}]}
                """);
        Exception e = assertThrows(Exception.class, () -> RegionMap.load(file, codec.mapper()));
        assertTrue(String.valueOf(e.getMessage()).contains("hub or spoke"), e.getMessage());
    }

    @Test
    void aCouncilInTwoRegionsIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                {"id":"x","name":{"cy":"x","en":"x"},
                 "regions":[{"id":"a","name":{"cy":"a","en":"a"},"localAuthorities":[{"slug":"c","name":{"cy":"c","en":"c"}}]},
                            {"id":"b","name":{"cy":"b","en":"b"},"localAuthorities":[{"slug":"c","name":{"cy":"c","en":"c"}}]}]}
                """);
        Exception e = assertThrows(Exception.class, () -> RegionMap.load(file, codec.mapper()));
        assertTrue(String.valueOf(e.getMessage()).contains("listed in both"), e.getMessage());
    }

    @Test
    void mailboxesAndTheMailLanguageAreReadPerQueueWithTheFilesDefault() throws Exception {
        RegionMap map;
        try (var in = RegionMap.class.getResourceAsStream("/regions/england-example.json")) {
            map = codec.mapper().readValue(in, RegionMap.class);
        }
        assertEquals(java.util.List.of("north-enquiries@example.org"), map.region("example-raa-north").orElseThrow().mailboxes());
        assertEquals(java.util.List.of("enquiries@agency.example.org"),
                map.agency("example-voluntary-agency").orElseThrow().mailboxes());
        assertEquals(2, map.centralMailboxes().size());
        assertEquals("en", map.mailLanguageOf(map.region("example-raa-south").orElseThrow()));

        RegionMap wales = RegionMap.wales(codec.mapper());
        assertEquals("both", wales.centralMailLanguage());
        assertTrue(wales.centralMailboxes().isEmpty(), "no mailbox is guessed: the operator names them");
        assertTrue(wales.regions().stream().allMatch(r -> r.mailboxes().isEmpty()));
    }

    /** The kiosk serves the map to its public page: staff mailboxes never go with it. */
    @Test
    void mailboxesAreNeverWrittenOut() throws Exception {
        RegionMap map;
        try (var in = RegionMap.class.getResourceAsStream("/regions/england-example.json")) {
            map = codec.mapper().readValue(in, RegionMap.class);
        }
        String json = codec.mapper().writeValueAsString(map);
        assertFalse(json.contains("@"), json);
        assertFalse(json.contains("mailLanguage"), json);
    }

    @Test
    void aBadMailboxIsRefusedNamingTheMember(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String[][] cases = {
                {"\"regions\":[{\"id\":\"a\",\"mailboxes\":[\"team@example.org\",\"not an address\"]}]",
                        "regions[0].mailboxes[1]: not an email address"},
                {"\"regions\":[{\"id\":\"a\"},{\"id\":\"b\",\"mailLanguage\":\"fr\"}]",
                        "regions[1].mailLanguage: must be cy, en or both"},
                {"\"regions\":[{\"id\":\"a\"}],\"agencies\":[{\"id\":\"g\",\"mailboxes\":[\"Team <t@example.org>\"]}]",
                        "agencies[0].mailboxes[0]: not an email address"},
                {"\"regions\":[{\"id\":\"a\"}],\"centralMailboxes\":[\"c@example.org\",\"C@example.org\"]",
                        "centralMailboxes[1]: C@example.org is listed twice"},
                {"\"regions\":[{\"id\":\"a\"}],\"centralMailboxes\":[\"c@localhost\"]",
                        "centralMailboxes[0]: not an email address"},
        };
        for (String[] c : cases) {
            Path file = dir.resolve("mail.json");
            Files.writeString(file, "{\"id\":\"x\",\"name\":{\"cy\":\"x\",\"en\":\"x\"}," + c[0] + "}");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RegionMap.load(file, codec.mapper()));
            assertEquals(c[1], e.getMessage());
        }
    }

    @Test
    void emailAddressesAreOnePlainMailboxEach() {
        assertTrue(RegionMap.isEmailAddress("adoption.north@council.gov.wales"));
        assertTrue(RegionMap.isEmailAddress("a+b@example.org"));
        for (String bad : new String[] {"", "a", "a@b", "a@@b.org", "a b@c.org", "a@b.org,c@d.org", "<a@b.org>",
                ".a@b.org", "a..b@c.org", "a@-b.org", "a@b.org\r\nBcc: x@y.org"}) {
            assertFalse(RegionMap.isEmailAddress(bad), bad);
        }
    }
}
