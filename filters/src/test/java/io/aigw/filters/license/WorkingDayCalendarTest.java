package io.aigw.filters.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkingDayCalendarTest {

    /**
     * National Day 2026 as the State Council's 2026 holiday notice arranges it (as reported; check the
     * notice before configuring production): off 10-01 (Thu) to 10-07 (Wed), worked Sunday 09-20 and
     * Saturday 10-10.
     */
    static final WorkingDayCalendar NATIONAL_DAY_2026 = WorkingDayCalendar.parse(
            List.of("2026-10-01..2026-10-07"), List.of("2026-09-20", "2026-10-10"));

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void weekdaysWorkWeekendsDoNot() {
        WorkingDayCalendar plain = WorkingDayCalendar.weekendsOnly();
        assertThat(plain.isWorkingDay(d("2026-11-20"))).as("Friday").isTrue();
        assertThat(plain.isWorkingDay(d("2026-11-21"))).as("Saturday").isFalse();
        assertThat(plain.isWorkingDay(d("2026-11-22"))).as("Sunday").isFalse();
        assertThat(plain.isWorkingDay(d("2026-11-23"))).as("Monday").isTrue();
    }

    @Test
    void holidaysAndAdjustedWeekendsOverrideTheWeek() {
        assertThat(NATIONAL_DAY_2026.isWorkingDay(d("2026-10-01"))).as("Thursday, holiday").isFalse();
        assertThat(NATIONAL_DAY_2026.isWorkingDay(d("2026-10-07"))).as("Wednesday, holiday").isFalse();
        assertThat(NATIONAL_DAY_2026.isWorkingDay(d("2026-10-08"))).as("Thursday after").isTrue();
        assertThat(NATIONAL_DAY_2026.isWorkingDay(d("2026-09-20"))).as("adjusted Sunday").isTrue();
        assertThat(NATIONAL_DAY_2026.isWorkingDay(d("2026-10-10"))).as("adjusted Saturday").isTrue();
        assertThat(NATIONAL_DAY_2026.isWorkingDay(d("2026-10-11"))).as("plain Sunday").isFalse();
    }

    @Test
    void addingCountsFromTheDayAfterTheStart() {
        WorkingDayCalendar plain = WorkingDayCalendar.weekendsOnly();
        assertThat(plain.addWorkingDays(d("2026-11-20"), 0)).isEqualTo(d("2026-11-20"));
        assertThat(plain.addWorkingDays(d("2026-11-20"), 1)).as("Friday + 1").isEqualTo(d("2026-11-23"));
        assertThat(plain.addWorkingDays(d("2026-11-21"), 1)).as("Saturday + 1").isEqualTo(d("2026-11-23"));
        assertThat(plain.addWorkingDays(d("2026-11-23"), 5)).as("Monday + 5").isEqualTo(d("2026-11-30"));
        assertThat(plain.addWorkingDays(d("2026-11-23"), 10)).isEqualTo(d("2026-12-07"));
    }

    @Test
    void tenWorkingDaysAcrossNationalDay() {
        // 09-30 (1), holidays 10-01..07, 10-08 (2), 10-09 (3), Sat 10-10 worked (4), 10-12..16 (5..9), 10-19 (10)
        assertThat(NATIONAL_DAY_2026.addWorkingDays(d("2026-09-29"), 10)).isEqualTo(d("2026-10-19"));
        // without the calendar the same period would end a week earlier
        assertThat(WorkingDayCalendar.weekendsOnly().addWorkingDays(d("2026-09-29"), 10))
                .isEqualTo(d("2026-10-13"));
    }

    @Test
    void periodEndingOnAHolidayRunsToTheNextWorkingDay() {
        assertThat(NATIONAL_DAY_2026.addWorkingDays(d("2026-09-29"), 2)).isEqualTo(d("2026-10-08"));
    }

    @Test
    void adjustedWorkingSundayCounts() {
        assertThat(NATIONAL_DAY_2026.addWorkingDays(d("2026-09-18"), 1)).isEqualTo(d("2026-09-20"));
        assertThat(WorkingDayCalendar.weekendsOnly().addWorkingDays(d("2026-09-18"), 1)).isEqualTo(d("2026-09-21"));
    }

    @Test
    void rejectsNegativeCounts() {
        assertThatThrownBy(() -> NATIONAL_DAY_2026.addWorkingDays(d("2026-09-18"), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void rejectsADayThatIsBothOffAndOn() {
        assertThatThrownBy(() -> WorkingDayCalendar.of(Set.of(d("2026-10-10")), Set.of(d("2026-10-10"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'2026-10-10'");
    }

    @Test
    void rejectsBadEntriesNamingPropertyIndexAndValue() {
        assertThatThrownBy(() -> WorkingDayCalendar.parse(List.of("2026-10-01", "2026-13-01"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("aigw.license.holidays[1]: invalid date")
                .hasMessageEndingWith("'2026-13-01'");
        assertThatThrownBy(() -> WorkingDayCalendar.parse(List.of(), List.of("2026/09/20")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("aigw.license.extra-working-days[0]: invalid date")
                .hasMessageEndingWith("'2026/09/20'");
        assertThatThrownBy(() -> WorkingDayCalendar.parse(List.of("2026-10-07..2026-10-01"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aigw.license.holidays[0]: range must run forwards")
                .hasMessageEndingWith("'2026-10-07..2026-10-01'");
        assertThatThrownBy(() -> WorkingDayCalendar.parse(List.of("2026-01-01..2062-01-01"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("'2026-01-01..2062-01-01'");
    }

    @Test
    void rangesAreInclusive() {
        WorkingDayCalendar cal = WorkingDayCalendar.parse(List.of("2026-10-05..2026-10-06"), List.of());
        assertThat(cal.isWorkingDay(d("2026-10-02"))).isTrue();
        assertThat(cal.isWorkingDay(d("2026-10-05"))).isFalse();
        assertThat(cal.isWorkingDay(d("2026-10-06"))).isFalse();
        assertThat(cal.isWorkingDay(d("2026-10-07"))).isTrue();
    }
}
