package io.aigw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.gateway.RawHttp;
import java.util.ArrayList;
import java.util.List;

/**
 * Spellings of the admin paths an attacker tries (issue 14 item 1): percent-encoding, matrix parameters,
 * doubled slashes, case, dot segments, encoded slashes, trailing slashes, an absolute-form target. For
 * tests only.
 */
final class AdminPathTricks {

    static final List<String> PATHS = List.of(
            "/admin", "/admin/", "/admin/report", "/admin/audit/verify", "/admin/audit/keys",
            "/%61dmin/report", "/adm%69n/report", "/%61%64%6d%69%6e/audit/verify", "/admin/%72eport",
            "/admin/audit/%76erify", "/%2561dmin/report",
            "/admin;x=y/audit/verify", "/admin;/report", "/admin/report;x=y", "/admin/audit;/verify", "/;/admin/report",
            "//admin/report", "/admin//report", "///admin/audit/keys",
            "/ADMIN/report", "/Admin/report", "/admin/REPORT",
            "/%2e%2e/admin/report", "/x/%2e%2e/admin/report", "/x/../admin/report", "/./admin/report",
            "/admin/./report", "/%2e/admin/report",
            "/admin%2freport", "/admin%2Faudit%2Fverify", "/%2fadmin/report",
            "/admin/report/", "/admin/audit/verify/", "/admin/report//",
            "/admin%00/report", "/admin%20/report", "/admin/report%20", "/admin\\report",
            "/admin/report?from=2026-01-01", "/admin/report#x");

    private AdminPathTricks() {
    }

    /** A GET of every trick, plus an absolute-form target, with the given extra header lines. */
    static List<Attempt> attempt(int port, String... headerLines) {
        List<Attempt> attempts = new ArrayList<>();
        for (String path : PATHS) {
            attempts.add(new Attempt(port, path, RawHttp.get(port, path, headerLines)));
        }
        String absolute = "http://127.0.0.1:" + port + "/admin/report";
        attempts.add(new Attempt(port, absolute, RawHttp.get(port, absolute, headerLines)));
        return attempts;
    }

    /** Asserts that no attempt got an admin answer, and that each got one of {@code allowed}. */
    static void assertNoAdminAnswer(List<Attempt> attempts, Integer... allowed) {
        for (Attempt attempt : attempts) {
            String what = "port " + attempt.port() + " " + attempt.target() + " -> " + attempt.response();
            assertThat(attempt.response().status()).as(what).isIn((Object[]) allowed);
            assertThat(attempt.response().body()).as(what)
                    .doesNotContain("\"products\"").doesNotContain("\"valid\"").doesNotContain("\"kty\"")
                    .doesNotContain("\"checkpoints\"");
        }
    }

    record Attempt(int port, String target, RawHttp.Response response) {
    }
}
