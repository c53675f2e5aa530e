package io.aigw.gateway.console;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The period of an exported report: whole days {@code from} through {@code to} (both included, ISO
 * dates) in the audit zone, as the console's date fields give them; today when a day is absent.
 *
 * @param from the first day
 * @param to the last day, not before {@code from}
 * @param zone the audit zone
 */
record ReportPeriod(LocalDate from, LocalDate to, ZoneId zone) {

    /** At most this many days in one export, so one request cannot make the gateway read years of audit log. */
    static final int MAX_DAYS = 400;

    ReportPeriod {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' (" + to + ") is before 'from' (" + from + ")");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to.plusDays(1))) {
            throw new IllegalArgumentException("a report covers at most " + MAX_DAYS + " days");
        }
    }

    /** @throws IllegalArgumentException naming the value when a day is not an ISO date or the period is invalid */
    static ReportPeriod parse(Optional<String> from, Optional<String> to, ZoneId zone, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        return new ReportPeriod(day(from).orElse(today), day(to).orElse(today), zone);
    }

    private static Optional<LocalDate> day(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.get().strip()));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not an ISO date (YYYY-MM-DD): '" + value.get().strip() + "'");
        }
    }

    /** The start of the first day, inclusive. */
    Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The start of the day after the last, exclusive. */
    Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
