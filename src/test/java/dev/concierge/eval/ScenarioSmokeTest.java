package dev.concierge.eval;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CI smoke subset of the simulated-user scenarios (ids in {@code conversations/scenarios/smoke.txt}),
 * run by the evaluation runner's own code ({@code conversations/runner/src/main/java}, an extra test source
 * root of this build) against the service this test starts, over REST and over the {@code /ws/chat} socket.
 * Any failed expectation fails the build. Then the HTML report of the REST run is opened in Debian's
 * headless chromium: its four charts must be there and visible; the screenshot is target/eval-report.png.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenarioSmokeTest {
    static final String DIR = "conversations/scenarios";
    static final Path REPORT = Path.of("target", "eval-smoke-rest");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final List<String> CHARTS = List.of("recall", "violations", "turns", "latency");

    static Scenarios.Run rest;
    static Path profileDir;

    @TestHTTPResource("/")
    URL root;

    private Scenarios.Run run(Chat.Transport transport, Path report) {
        Parallel.ABORTED.set(false);
        String base = root.toString().replaceAll("/$", "");
        List<Scenario> list = Scenario.loadDir(DIR, new LinkedHashSet<>(Scenario.smokeIds(DIR)));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Scenarios.Run r = new Scenarios(new Api(base, Duration.ofSeconds(30)), new PrintStream(buf, true, StandardCharsets.UTF_8), 1,
            transport, null).execute(list, 2, report == null ? null : report.toString());
        System.out.println(buf.toString(StandardCharsets.UTF_8));
        List<String> broken = new ArrayList<>();
        for (Scenarios.Result x : r.results()) {
            if (!x.failures().isEmpty()) {
                broken.add(x.scenario().id() + ": " + String.join("; ", x.failures()));
            }
        }
        if (!broken.isEmpty()) {
            fail(transport.label() + ": broken expectations\n" + String.join("\n", broken));
        }
        return r;
    }

    /** What every smoke run must show beyond "no expectation failed". */
    private static void assertHealthy(Scenarios.Run r) {
        Metrics m = r.metrics();
        assertEquals(Scenario.smokeIds(DIR).size(), m.n());
        assertEquals(0, m.violations(), r.summary());
        assertEquals(0, m.ooc(), r.summary());
        assertTrue(m.recommended() > 0, r.summary());
        assertEquals(m.vague(), m.vagueAsked(), "every vague opening got a question: " + r.summary());
        assertTrue(m.checks() >= 2 * m.n(), "expectations were really checked: " + m.checks());
        assertEquals(m.n(), m.success(), "the subset is chosen to succeed: " + r.summary());
    }

    @Test
    @Order(1)
    void theSubsetCoversAVagueOpeningAndEveryKindOfInstruction() {
        List<Scenario> list = Scenario.loadDir(DIR, new LinkedHashSet<>(Scenario.smokeIds(DIR)));
        Set<String> phenomena = list.stream().map(Scenario::phenomenon).collect(Collectors.toSet());
        assertEquals(Set.of("none", "plain", "several", "conditional", "chain", "override"), phenomena);
        assertTrue(list.stream().anyMatch(s -> Boolean.TRUE.equals(s.expect().mustAskFirst())), "a vague opening");
        assertTrue(list.stream().anyMatch(s -> !s.expect().neverGenres().isEmpty()), "an avoid-instruction");
    }

    @Test
    @Order(2)
    void smokeSubsetOverRest() {
        long t0 = System.nanoTime();
        rest = run(Chat.Transport.REST, REPORT);
        assertHealthy(rest);
        assertTrue(rest.results().stream().anyMatch(x -> x.userMessages().stream().anyMatch(u -> u.startsWith("Not that one"))),
            "some scenario turned a recommendation down before its success");
        System.out.printf("smoke subset over REST: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    @Order(3)
    void smokeSubsetOverTheWebSocketGivesTheSameResults() {
        long t0 = System.nanoTime();
        Scenarios.Run ws = run(Chat.Transport.WS, null);
        assertHealthy(ws);
        assertNotNull(rest, "the REST run comes first");
        for (int i = 0; i < ws.results().size(); i++) {
            Scenarios.Result a = rest.results().get(i);
            Scenarios.Result b = ws.results().get(i);
            assertEquals(a.scenario().id(), b.scenario().id());
            assertEquals(a.successTurn(), b.successTurn(), a.scenario().id());
            assertEquals(a.userMessages(), b.userMessages(), a.scenario().id());
            assertEquals(a.turns().stream().map(t -> t.act() + t.recIds()).toList(),
                b.turns().stream().map(t -> t.act() + t.recIds()).toList(), a.scenario().id());
        }
        System.out.printf("smoke subset over the WebSocket: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    @Order(4)
    void theHtmlReportShowsItsChartsInChromium() throws Exception {
        assertNotNull(rest, "the REST run wrote the report");
        Path html = Path.of(REPORT + ".html").toAbsolutePath();
        assertTrue(Files.exists(html), html.toString());
        String page = Files.readString(html);
        assertFalse(page.matches("(?s).*(<script|<link|<img|<iframe|src=|href=|@import|url\\().*"),
            "self-contained: no scripts, no external resources");
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
            "Skipped: needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver, or .ci/run)");
        System.setProperty("SE_AVOID_STATS", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profileDir = Files.createTempDirectory("concierge-eval-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1200,1900", "--user-data-dir=" + profileDir);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.get(html.toUri().toString());
            driver.manage().window().setSize(new Dimension(1200, 1900));
            for (String id : CHARTS) {
                WebElement svg = driver.findElement(By.id("chart-" + id));
                assertTrue(svg.isDisplayed(), id + " chart displayed");
                assertTrue(svg.getRect().getWidth() > 300 && svg.getRect().getHeight() > 20, id + " chart size " + svg.getRect().getDimension());
                assertTrue(svg.getRect().getY() < 1900, id + " chart is in the first screen");
                assertFalse(svg.findElements(By.cssSelector("rect[fill='#4a7fb5']")).isEmpty(), id + " chart has bars");
            }
            // Recall@k bars have a length (hits > 0), and the latency histogram counts every turn
            WebElement recallBar = driver.findElement(By.cssSelector("#chart-recall rect[fill='#4a7fb5']"));
            assertTrue(Integer.parseInt(recallBar.getAttribute("width")) > 0);
            assertEquals(rest.results().size(), driver.findElements(By.cssSelector("#scenarios tr.ok")).size(),
                "one row per scenario, all expectations held");
            assertEquals(rest.results().size(), driver.findElements(By.cssSelector("#scenarios details")).size(), "every transcript");
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of("target", "eval-report.png"), StandardCopyOption.REPLACE_EXISTING);
            assertTrue(Files.size(Path.of("target", "eval-report.png")) > 10_000);
        } finally {
            driver.quit();
            service.stop();
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (profileDir != null) {
            try (var files = Files.walk(profileDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
