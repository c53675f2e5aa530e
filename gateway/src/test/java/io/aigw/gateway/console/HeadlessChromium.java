package io.aigw.gateway.console;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's {@code chromium} driven through its {@code chromedriver}, both at fixed paths, so that
 * Selenium never looks for (or downloads) a browser or driver of its own. Headless, with the flags
 * this machine needs (no background networking: only loopback is reachable), a fresh profile and a
 * download directory.
 *
 * <p>When the browser is missing the test fails, saying how to install it; a developer without it can
 * skip the browser test with {@code -Daigw.test.skip-browser=true}, which is ignored under CI
 * ({@code CI} set), where {@code .ci/run} installs both.
 */
final class HeadlessChromium {

    static final String CHROMIUM = System.getProperty("aigw.test.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("aigw.test.chromedriver", "/usr/bin/chromedriver");
    static final String SKIP = "aigw.test.skip-browser";

    private HeadlessChromium() {
    }

    /** Fails (or, when the developer asked for it outside CI, aborts) when chromium or chromedriver is missing. */
    static void requireInstalled() {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        if (present) {
            return;
        }
        String missing = "Chromium for the console's browser test is missing (" + CHROMIUM + ", " + CHROMEDRIVER
                + "). Install it with: apt-get install -y chromium chromium-driver (as .ci/run does)";
        if (Boolean.getBoolean(SKIP) && System.getenv("CI") == null) {
            Assumptions.abort(missing + "; skipped because -D" + SKIP + "=true");
        }
        fail(missing + ", or skip this test on a developer machine with -D" + SKIP + "=true");
    }

    /** A new headless browser whose downloads go to {@code downloads}. */
    static ChromeDriver start(Path profile, Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1360,1000", "--user-data-dir=" + profile.toAbsolutePath());
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(60));
        return driver;
    }
}
