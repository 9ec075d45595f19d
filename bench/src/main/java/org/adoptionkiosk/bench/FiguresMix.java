package org.adoptionkiosk.bench;

import org.adoptionkiosk.hub.calendar.WorkingDays;
import org.adoptionkiosk.hub.store.RecordTiming;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordBatch;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.WireCodec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Two business years of a national service's kiosks, made up but shaped like the real thing: 40
 * kiosks (8 per region, each with a home office), 15 events a year (Eisteddfodau, shows, Pride
 * days, National Adoption Week, information days) with a few kiosks each, and the days between in
 * the regional offices. Visitors come from all 22 councils (by rough population, more from the
 * host region) or from outside Wales; a third enquire (topic adopting, support or other, a few to
 * a voluntary agency); Welsh is chosen more in the north and west. Seeded, so every run stores the
 * same records.
 */
final class FiguresMix {
    static final int FIRST_YEAR = 2025;
    static final int MEASURED_YEAR = 2026;
    static final int KIOSKS = 40;
    static final ZoneId ZONE = RecordTiming.FIGURES_ZONE;
    /** The share of the records in the first business year; the rest are in the measured one. */
    private static final double FIRST_YEAR_SHARE = 0.35;
    private static final double EVENT_SHARE = 0.6;
    private static final String[] TOPICS = {"adopting", "support", "other"};
    private static final double[] TOPIC_WEIGHTS = {0.6, 0.25, 0.15};
    private static final String[] HOW_HEARD = {"event", "social", "friend", "web", "radio", "other"};
    private static final double[] HOW_HEARD_WEIGHTS = {0.45, 0.2, 0.15, 0.1, 0.05, 0.05};

    /** Approximate populations (thousands, 2021 census): where visitors come from. */
    private static final Map<String, Integer> POPULATION = Map.ofEntries(
            Map.entry("wrexham", 135), Map.entry("flintshire", 155), Map.entry("gwynedd", 117),
            Map.entry("conwy", 114), Map.entry("denbighshire", 96), Map.entry("isle-of-anglesey", 69),
            Map.entry("blaenau-gwent", 67), Map.entry("monmouthshire", 93), Map.entry("torfaen", 92),
            Map.entry("newport", 159), Map.entry("caerphilly", 176), Map.entry("ceredigion", 71),
            Map.entry("carmarthenshire", 188), Map.entry("pembrokeshire", 123), Map.entry("powys", 133),
            Map.entry("neath-port-talbot", 142), Map.entry("swansea", 238), Map.entry("bridgend", 145),
            Map.entry("cardiff", 362), Map.entry("vale-of-glamorgan", 132), Map.entry("merthyr-tydfil", 58),
            Map.entry("rhondda-cynon-taf", 237));
    /** The share of visitors from a council who use the kiosk in Welsh. */
    private static final Map<String, Double> WELSH = Map.of("gwynedd", 0.6, "isle-of-anglesey", 0.5,
            "ceredigion", 0.45, "carmarthenshire", 0.4, "conwy", 0.3, "denbighshire", 0.3, "powys", 0.2,
            "pembrokeshire", 0.2, "outside-wales", 0.04);
    private static final double WELSH_ELSEWHERE = 0.14;

    /** An event of one business year; {@code kiosks} are indexes into the fleet. */
    record Event(String id, String name, String venue, String hostCouncil, LocalDate from, LocalDate to,
                 int weight, int[] kiosks, long footfall) {
    }

    /** One visit as generated: what becomes one record. */
    record Visit(int kiosk, Instant at, int event, int council, boolean welsh, boolean enquiry, int topic,
                 int agency, int howHeard) {
    }

    /** A kiosk's visits in capture order, with the records' seqs, boots and batches. */
    record KioskVisits(String deviceId, List<Visit> visits) {
    }

    /**
     * (name, venue, host council, month, day, days, weight, kiosks): the calendar of one business
     * year, April first. Weight is how busy the stand is, relative to the others.
     */
    private static final Object[][] CALENDAR = {
            {"Gŵyl Fwyd Caernarfon", "Caernarfon", "gwynedd", 5, 10, 1, 2, 2},
            {"Swansea Pride", "Swansea Museum", "swansea", 5, 17, 1, 3, 2},
            {"Eisteddfod yr Urdd", "Maes yr Urdd", "carmarthenshire", 5, 26, 6, 8, 4},
            {"Pride Cymru", "Cardiff", "cardiff", 6, 21, 2, 6, 3},
            {"North Wales Pride", "Bangor", "gwynedd", 6, 28, 1, 2, 2},
            {"Royal Welsh Show", "Llanelwedd", "powys", 7, 21, 4, 10, 4},
            {"National Eisteddfod", "Y Maes", "wrexham", 8, 2, 8, 14, 6},
            {"Anglesey Show", "Mona", "isle-of-anglesey", 8, 12, 2, 3, 2},
            {"Pembrokeshire County Show", "Haverfordwest", "pembrokeshire", 8, 19, 3, 4, 2},
            {"Abergavenny Food Festival", "Abergavenny", "monmouthshire", 9, 20, 2, 3, 2},
            {"National Adoption Week", "Regional offices", "cardiff", 10, 13, 7, 8, 5},
            {"Royal Welsh Winter Fair", "Llanelwedd", "powys", 12, 1, 2, 3, 2},
            {"Information day, Newport", "Newport Central Library", "newport", 1, 24, 1, 1, 1},
            {"Information day, Bridgend", "Bridgend Life Centre", "bridgend", 2, 21, 1, 1, 1},
            {"Information day, Wrexham", "Tŷ Pawb", "wrexham", 3, 14, 1, 1, 1},
    };

    final RegionMap regions;
    final List<String> councils = new ArrayList<>();
    final List<String> agencies = new ArrayList<>();
    final List<String> kioskIds = new ArrayList<>();
    /** Each kiosk's home region (index into regions.regions()) and office. */
    final int[] kioskRegion = new int[KIOSKS];
    final List<Event> events = new ArrayList<>();
    private final int outside;
    private final double[] councilWeights;
    private final int[] councilRegion;
    private final WorkingDays workingDays;

    FiguresMix(RegionMap regions, WorkingDays workingDays) {
        this.regions = regions;
        this.workingDays = workingDays;
        List<Integer> region = new ArrayList<>();
        for (int r = 0; r < regions.regions().size(); r++) {
            for (RegionMap.LocalAuthority la : regions.regions().get(r).localAuthorities()) {
                councils.add(la.slug());
                region.add(r);
            }
        }
        councils.add(regions.outside().slug());
        region.add(-1);
        outside = councils.size() - 1;
        councilRegion = region.stream().mapToInt(Integer::intValue).toArray();
        councilWeights = new double[councils.size()];
        for (int c = 0; c < outside; c++) {
            councilWeights[c] = POPULATION.getOrDefault(councils.get(c), 100);
        }
        regions.agencies().forEach(a -> agencies.add(a.id()));
        for (int k = 0; k < KIOSKS; k++) {
            kioskIds.add(String.format("kiosk-%02d", k + 1));
            kioskRegion[k] = k * regions.regions().size() / KIOSKS;
        }
        Random random = new Random(2026_04_01L);
        for (int year = FIRST_YEAR; year <= MEASURED_YEAR; year++) {
            for (Object[] e : CALENDAR) {
                events.add(event(year, e, random));
            }
        }
    }

    private Event event(int businessYear, Object[] e, Random random) {
        String name = (String) e[0];
        String host = (String) e[2];
        int month = (Integer) e[3];
        LocalDate from = LocalDate.of(month >= 4 ? businessYear : businessYear + 1, month, (Integer) e[4]);
        LocalDate to = from.plusDays((Integer) e[5] - 1L);
        int count = (Integer) e[7];
        int hostRegion = councilRegion[councils.indexOf(host)];
        // Half the stand's kiosks from the host region's offices, the rest from anywhere.
        List<Integer> chosen = new ArrayList<>();
        while (chosen.size() < count) {
            int k = random.nextInt(KIOSKS);
            boolean local = kioskRegion[k] == hostRegion;
            if (!chosen.contains(k) && (local || chosen.size() >= (count + 1) / 2 || random.nextInt(4) == 0)) {
                chosen.add(k);
            }
        }
        String id = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "-").replaceAll("(^-|-$)", "")
                + "-" + from.getYear();
        long footfall = 4_000L * (Integer) e[6] * (Integer) e[5];
        return new Event(id, name + " " + from.getYear(), (String) e[1], host, from, to, (Integer) e[6],
                chosen.stream().mapToInt(Integer::intValue).toArray(), footfall);
    }

    /** The business-year start of the records' second year: what the benchmark asks figures for. */
    static LocalDate measuredYearStart() {
        return LocalDate.of(MEASURED_YEAR, 4, 1);
    }

    /** {@code n} visits, grouped by kiosk and in capture order within each kiosk. */
    List<KioskVisits> visits(int n, long seed) {
        Random random = new Random(seed);
        List<List<Visit>> byKiosk = new ArrayList<>();
        for (int k = 0; k < KIOSKS; k++) {
            byKiosk.add(new ArrayList<>(n / KIOSKS + 16));
        }
        List<List<LocalDate>> officeDays = new ArrayList<>();
        double[][] eventWeights = new double[2][];
        for (int y = 0; y < 2; y++) {
            int year = FIRST_YEAR + y;
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate d = LocalDate.of(year, 4, 1); d.isBefore(LocalDate.of(year + 1, 4, 1)); d = d.plusDays(1)) {
                if (workingDays.isWorkingDay(d)) {
                    days.add(d);
                }
            }
            officeDays.add(days);
            eventWeights[y] = new double[CALENDAR.length];
            for (int e = 0; e < CALENDAR.length; e++) {
                eventWeights[y][e] = events.get(y * CALENDAR.length + e).weight();
            }
        }
        for (int i = 0; i < n; i++) {
            int y = random.nextDouble() < FIRST_YEAR_SHARE ? 0 : 1;
            int kiosk;
            int event = -1;
            LocalDate day;
            int homeRegion;
            if (random.nextDouble() < EVENT_SHARE) {
                event = y * CALENDAR.length + pick(random, eventWeights[y]);
                Event ev = events.get(event);
                kiosk = ev.kiosks()[random.nextInt(ev.kiosks().length)];
                day = ev.from().plusDays(random.nextInt((int) (ev.to().toEpochDay() - ev.from().toEpochDay()) + 1));
                homeRegion = councilRegion[councils.indexOf(ev.hostCouncil())];
            } else {
                kiosk = random.nextInt(KIOSKS);
                List<LocalDate> days = officeDays.get(y);
                day = days.get(random.nextInt(days.size()));
                homeRegion = kioskRegion[kiosk];
            }
            Instant at = day.atTime(LocalTime.of(9, 30)).plusSeconds(random.nextInt(8 * 3600)).atZone(ZONE).toInstant();
            int council = council(random, homeRegion, event >= 0);
            double welshShare = council < 0 ? WELSH_ELSEWHERE : WELSH.getOrDefault(councils.get(council), WELSH_ELSEWHERE);
            boolean welsh = random.nextDouble() < welshShare;
            boolean enquiry = random.nextInt(3) == 0;
            int topic = enquiry ? pick(random, TOPIC_WEIGHTS) : -1;
            int agency = enquiry && random.nextInt(12) == 0 ? random.nextInt(agencies.size()) : -1;
            int howHeard = pick(random, HOW_HEARD_WEIGHTS);
            byKiosk.get(kiosk).add(new Visit(kiosk, at, event, council, welsh, enquiry, topic, agency, howHeard));
        }
        List<KioskVisits> out = new ArrayList<>();
        for (int k = 0; k < KIOSKS; k++) {
            List<Visit> v = byKiosk.get(k);
            v.sort(Comparator.comparing(Visit::at));
            out.add(new KioskVisits(kioskIds.get(k), v));
        }
        return out;
    }

    /** A council index, or -1 for a visitor who gave none. */
    private int council(Random random, int homeRegion, boolean atEvent) {
        double r = random.nextDouble();
        if (r < 0.02) {
            return -1;
        }
        if (r < 0.02 + (atEvent ? 0.06 : 0.03)) {
            return outside;
        }
        double[] w = councilWeights.clone();
        if (random.nextDouble() < (atEvent ? 0.45 : 0.75)) {
            for (int c = 0; c < outside; c++) {
                if (councilRegion[c] != homeRegion) {
                    w[c] = 0;
                }
            }
        }
        return pick(random, w);
    }

    private static int pick(Random random, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0 && weights[i] > 0) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("no weight");
    }

    /**
     * Batches of up to {@code size} of one kiosk's records, as its sync agent would send them:
     * seqs from 1, one boot per kiosk per day (it is switched on each morning).
     */
    List<RecordBatch> batches(KioskVisits kiosk, int size, Random random) {
        List<RecordBatch> out = new ArrayList<>();
        List<Visit> visits = kiosk.visits();
        LocalDate bootDay = null;
        UUID boot = null;
        Instant bootAt = null;
        for (int start = 0; start < visits.size(); start += size) {
            List<KioskRecord> records = new ArrayList<>(Math.min(size, visits.size() - start));
            for (int i = start; i < Math.min(visits.size(), start + size); i++) {
                Visit v = visits.get(i);
                LocalDate day = v.at().atZone(ZONE).toLocalDate();
                if (!day.equals(bootDay)) {
                    bootDay = day;
                    boot = new UUID(random.nextLong(), random.nextLong());
                    bootAt = day.atTime(8, 0).atZone(ZONE).toInstant();
                }
                records.add(record(v, i + 1L, boot, v.at().toEpochMilli() - bootAt.toEpochMilli(), random));
            }
            out.add(new RecordBatch(WireCodec.SCHEMA, kiosk.deviceId(), new UUID(random.nextLong(), random.nextLong()),
                    boot, records));
        }
        return out;
    }

    private KioskRecord record(Visit v, long seq, UUID boot, long mono, Random random) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (v.council() >= 0) {
            fields.put("localAuthority", councils.get(v.council()));
        }
        fields.put("privacyVersion", v.at().isBefore(LocalDate.of(MEASURED_YEAR, 4, 1).atStartOfDay(ZONE).toInstant())
                ? "2025-04" : "2026-04");
        fields.put("howHeard", HOW_HEARD[v.howHeard()]);
        String sealed = null;
        if (v.enquiry()) {
            fields.put("topic", TOPICS[v.topic()]);
            fields.put("contactConsent", true);
            fields.put("newsletterConsent", random.nextBoolean());
            fields.put("preferredLanguage", v.welsh() ? "cy" : "en");
            if (v.agency() >= 0) {
                fields.put("agency", agencies.get(v.agency()));
            }
            // About the size of a real sealed part (HPKE of the name, email, phone and postcode);
            // never opened in this phase, so random bytes do.
            byte[] bytes = new byte[220];
            random.nextBytes(bytes);
            sealed = Base64.getEncoder().encodeToString(bytes);
        }
        UUID id = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        return new KioskRecord(id, seq, v.enquiry() ? RecordType.ENQUIRY : RecordType.SIGNIN, v.at(), boot, mono,
                v.event() < 0 ? null : events.get(v.event()).id(), v.welsh() ? Lang.CY : Lang.EN, WireCodec.SCHEMA,
                fields, sealed);
    }
}
