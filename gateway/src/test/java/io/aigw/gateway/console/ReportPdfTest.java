package io.aigw.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PDF prints Chinese names (the embedded CJK font) and the report's figures per node. */
class ReportPdfTest {

    private static final String SUMMARY = "\"requests\":%d,\"served\":%d,\"denied\":0,\"blocked\":0,\"errors\":0,"
            + "\"generated\":%d,\"labeled\":%d,\"coverage\":\"100%%\",\"explicitNeeded\":%d,\"licenseDenials\":{},"
            + "\"blocks\":{\"prompt\":{},\"completion\":{}}";

    @Test
    void chineseProductAndCompanyNamesAreInThePdfTextAndEachNodeHasItsRow() throws Exception {
        String json = "{\"from\":\"2026-12-01T16:00:00Z\",\"to\":\"2026-12-02T16:00:00Z\",\"product\":\"cn-app\","
                + "\"products\":[{\"product\":\"cn-app\"," + SUMMARY.formatted(3, 3, 3, 3, 3) + "}],"
                + "\"total\":{\"product\":\"(all)\"," + SUMMARY.formatted(3, 3, 3, 3, 3) + "},\"unreadableLines\":0,"
                + "\"nodes\":[{\"node\":\"aigw-0\",\"total\":{" + SUMMARY.formatted(2, 2, 2, 2, 2) + "},\"unreadableLines\":0},"
                + "{\"node\":\"aigw-1\",\"total\":{" + SUMMARY.formatted(1, 1, 1, 1, 1) + "},\"unreadableLines\":0}]}";
        SignedReport report = new SignedReport(json, new byte[64], "kid-1", "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----",
                Instant.parse("2026-12-02T09:00:00Z"), "aigw-report.json");
        LocalDate day = LocalDate.parse("2026-12-02");
        byte[] pdf = ReportPdf.render(report, new ReportPeriod(day, day, ZoneId.of("Asia/Shanghai")), "aigw",
                Map.of("cn-app", new ReportPdf.Who("智能写作助手", "北京示例智能科技有限公司")));

        String text = ConsoleEndpointsIntegrationTest.pdfText(pdf);
        assertThat(text).contains("cn-app (智能写作助手, 北京示例智能科技有限公司)").doesNotContain("#####");
        assertThat(text).contains("Per node").contains("aigw-0 2 2 0 0 2 2 100%", "aigw-1 1 1 0 0 1 1 100%");
        // Only the glyphs used are embedded: far less than the 4 MB font.
        assertThat(pdf.length).isLessThan(400_000);
    }
}
