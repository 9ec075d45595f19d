package org.adoptionkiosk.hub.figures;

import org.adoptionkiosk.protocol.RegionMap;

import java.time.LocalDate;
import java.util.List;

/**
 * The JSON answer of GET /api/figures, and what the dashboard's tables and charts show. Every count
 * comes with the same period a year earlier ({@code lastYear}).
 */
public record Figures(
        PeriodView period,
        PeriodView comparedWith,
        Counts totals,
        List<RegionCounts> byRegion,
        List<LocalAuthorityCounts> byLocalAuthority,
        List<EventCounts> byEvent,
        List<KeyCounts> byKiosk,
        List<KeyCounts> byTopic,
        List<KeyCounts> byLanguage,
        ByPeriod byPeriod) {

    public record PeriodView(LocalDate from, LocalDate to, String label) {
    }

    /** Sign-ins and enquiries, and the same a year earlier. */
    public record Counts(long signins, long enquiries, LastYear lastYear) {
    }

    public record LastYear(long signins, long enquiries) {
    }

    public record RegionCounts(String id, RegionMap.Names name, long signins, long enquiries, LastYear lastYear) {
    }

    public record LocalAuthorityCounts(String slug, RegionMap.Names name, String region, long signins,
                                       long enquiries, LastYear lastYear) {
    }

    /**
     * One event: its name as kiosks gave it, the footfall its kiosks' motion sensors counted
     * (all of the event, not only the period), and the share of passers-by who signed in or enquired.
     */
    public record EventCounts(String eventId, String name, String venue, long signins, long enquiries,
                              LastYear lastYear, Long footfall, Double conversion) {
    }

    /** A kiosk, topic or language: {@code key} is its id, {@code name} what people read. */
    public record KeyCounts(String key, RegionMap.Names name, long signins, long enquiries, LastYear lastYear) {
    }

    public record SpanCounts(String label, LocalDate from, LocalDate to, long signins, long enquiries,
                             LastYear lastYear) {
    }

    public record ByPeriod(List<SpanCounts> halves, List<SpanCounts> quarters, List<SpanCounts> months) {
    }
}
