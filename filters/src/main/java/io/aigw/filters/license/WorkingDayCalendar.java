package io.aigw.filters.license;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which days are working days: Monday to Friday, minus configured public holidays, plus configured
 * extra working days (China's adjusted working Saturdays and Sundays, 调休, such as 2026-09-20 and
 * 2026-10-10 around National Day). Dates are plain calendar days; the caller picks the zone.
 * Immutable and thread-safe.
 */
public final class WorkingDayCalendar {

    private static final WorkingDayCalendar WEEKENDS_ONLY = new WorkingDayCalendar(Set.of(), Set.of());
    /** Bounds a single range entry so a typo such as 2026..2062 cannot build a huge set. */
    private static final int MAX_RANGE_DAYS = 366;

    private final Set<LocalDate> holidays;
    private final Set<LocalDate> extraWorkingDays;

    private WorkingDayCalendar(Set<LocalDate> holidays, Set<LocalDate> extraWorkingDays) {
        this.holidays = holidays;
        this.extraWorkingDays = extraWorkingDays;
    }

    /** Monday to Friday, no holidays. */
    public static WorkingDayCalendar weekendsOnly() {
        return WEEKENDS_ONLY;
    }

    /**
     * @param holidays         days off even on a weekday
     * @param extraWorkingDays days worked even on a weekend
     * @throws NullPointerException     if a collection or an element is null
     * @throws IllegalArgumentException if a day is in both collections
     */
    public static WorkingDayCalendar of(Collection<LocalDate> holidays, Collection<LocalDate> extraWorkingDays) {
        Set<LocalDate> off = Set.copyOf(holidays);
        Set<LocalDate> on = Set.copyOf(extraWorkingDays);
        for (LocalDate day : on) {
            if (off.contains(day)) {
                throw new IllegalArgumentException("day is both a holiday and an extra working day: '" + day + "'");
            }
        }
        return new WorkingDayCalendar(off, on);
    }

    /**
     * Builds a calendar from configuration strings ({@code aigw.license.holidays},
     * {@code aigw.license.extra-working-days}): each entry a date {@code YYYY-MM-DD} or an inclusive
     * range {@code YYYY-MM-DD..YYYY-MM-DD} of at most 366 days.
     *
     * @throws IllegalArgumentException naming the property, the index and the bad entry
     */
    public static WorkingDayCalendar parse(List<String> holidays, List<String> extraWorkingDays) {
        return of(parseDays("aigw.license.holidays", holidays),
                parseDays("aigw.license.extra-working-days", extraWorkingDays));
    }

    private static Set<LocalDate> parseDays(String property, List<String> entries) {
        var days = new TreeSet<LocalDate>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = Objects.requireNonNull(entries.get(i), property + "[" + i + "]").strip();
            String where = property + "[" + i + "]";
            int dots = entry.indexOf("..");
            try {
                if (dots < 0) {
                    days.add(LocalDate.parse(entry));
                    continue;
                }
                LocalDate first = LocalDate.parse(entry.substring(0, dots).strip());
                LocalDate last = LocalDate.parse(entry.substring(dots + 2).strip());
                if (last.isBefore(first) || first.plusDays(MAX_RANGE_DAYS).isBefore(last)) {
                    throw new IllegalArgumentException(where + ": range must run forwards over at most "
                            + MAX_RANGE_DAYS + " days: '" + entry + "'");
                }
                first.datesUntil(last.plusDays(1)).forEach(days::add);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ": invalid date (expected YYYY-MM-DD or "
                        + "YYYY-MM-DD..YYYY-MM-DD): '" + entry + "'", e);
            }
        }
        return days;
    }

    /** Whether {@code day} is a working day. */
    public boolean isWorkingDay(LocalDate day) {
        if (extraWorkingDays.contains(day)) {
            return true;
        }
        if (holidays.contains(day)) {
            return false;
        }
        DayOfWeek dow = day.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
    }

    /**
     * The day on which the {@code workingDays}-th working day after {@code start} ends; {@code start}
     * itself is not counted, whether or not it is a working day, so {@code addWorkingDays(d, 0)} is
     * {@code d} and {@code addWorkingDays(friday, 1)} is the next Monday in a plain week.
     *
     * @throws IllegalArgumentException if {@code workingDays} is negative
     */
    public LocalDate addWorkingDays(LocalDate start, int workingDays) {
        if (workingDays < 0) {
            throw new IllegalArgumentException("workingDays must not be negative: " + workingDays);
        }
        LocalDate day = start;
        for (int counted = 0; counted < workingDays; ) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }

    @Override
    public String toString() {
        return "WorkingDayCalendar[holidays=" + new TreeSet<>(holidays) + ", extraWorkingDays="
                + new TreeSet<>(extraWorkingDays) + "]";
    }
}
