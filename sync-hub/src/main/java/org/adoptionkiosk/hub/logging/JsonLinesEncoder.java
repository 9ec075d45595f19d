package org.adoptionkiosk.hub.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.time.Instant;

/**
 * Logback's own JSON lines, with what a log collector needs and nothing it would have to drop: the
 * time as an ISO 8601 {@code time} member (Logback's is milliseconds since 1970), level, thread,
 * logger, the formatted message and any stack trace.
 */
public final class JsonLinesEncoder extends JsonEncoder {
    public JsonLinesEncoder() {
        setWithSequenceNumber(false);
        setWithTimestamp(false);
        setWithNanoseconds(false);
        setWithContext(false);
        setWithMessage(false);
        setWithArguments(false);
        setWithFormattedMessage(true);
    }

    @Override
    protected void appendCustomFields(StringBuilder sb, ILoggingEvent event) {
        // Logback calls this last, after its own members: the separator comes first.
        sb.append(VALUE_SEPARATOR);
        appenderMember(sb, "time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    }
}
