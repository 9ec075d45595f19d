package org.adoptionkiosk.hub.figures;

import org.adoptionkiosk.protocol.RegionMap;

import java.time.LocalDate;
import java.util.List;

/** The JSON answer of GET /api/figures. */
public record Figures(
        PeriodView period,
        Counts totals,
        List<RegionCounts> byRegion,
        List<LocalAuthorityCounts> byLocalAuthority,
        List<EventCounts> byEvent,
        ByPeriod byPeriod) {

    public record PeriodView(LocalDate from, LocalDate to, String label) {
    }

    public record Counts(long signins, long enquiries) {
    }

    public record RegionCounts(String id, RegionMap.Names name, long signins, long enquiries) {
    }

    public record LocalAuthorityCounts(String slug, RegionMap.Names name, String region, long signins,
                                       long enquiries) {
    }

    public record EventCounts(String eventId, long signins, long enquiries) {
    }

    public record SpanCounts(String label, LocalDate from, LocalDate to, long signins, long enquiries) {
    }

    public record ByPeriod(List<SpanCounts> halves, List<SpanCounts> quarters, List<SpanCounts> months) {
    }
}
