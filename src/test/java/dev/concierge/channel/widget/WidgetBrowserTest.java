package dev.concierge.channel.widget;

import dev.concierge.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chat widget in a real browser (Debian's headless chromium through /usr/bin/chromedriver): the demo page at /
 * signs in with a dev token, streams a reply, offers clarification options, shows recommendation cards, takes a
 * rejection with a reason, edits its memory panel, survives a dropped socket, and leaves target/widget.png.
 * Skipped only when chromium or chromedriver is not installed (.ci/run installs both).
 */
@QuarkusTest
class WidgetBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(40);

    static ChromeDriverService service;
    static WebDriver driver;
    static Path profileDir;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Skipped: the widget browser test needs Debian's chromium and chromium-driver "
                        + "(/usr/bin/chromium, /usr/bin/chromedriver): apt-get install -y chromium chromium-driver, or run .ci/run");
        // never let Selenium Manager look anything up: binary and driver are given explicitly
        System.setProperty("SE_AVOID_STATS", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profileDir = Files.createTempDirectory("concierge-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1100,1300", "--user-data-dir=" + profileDir);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profileDir != null) {
            try (var files = Files.walk(profileDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void chatInTheDemoPage() throws Exception {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        String user = "widget-" + UUID.randomUUID().toString().substring(0, 12);

        // 1. the demo page embeds the widget and signs in with a dev token for the id typed in
        driver.get(root.toString());
        WebElement login = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".cw-login input")));
        login.clear();
        login.sendKeys(user);
        driver.findElement(By.cssSelector(".cw-login .cw-start")).click();
        WebElement widget = driver.findElement(By.cssSelector(".cw-root"));
        wait.until(d -> "open".equals(widget.getAttribute("data-state")));
        assertEquals("polite", driver.findElement(By.cssSelector(".cw-log")).getAttribute("aria-live"));

        // 2. "What I remember about you": add an instruction through the panel (POST)
        driver.findElement(By.cssSelector(".cw-memory-toggle")).click();
        WebElement memory = driver.findElement(By.cssSelector(".cw-memory"));
        wait.until(d -> memory.isDisplayed() && memory.getAttribute("data-loaded") != null);
        memory.findElement(By.cssSelector(".cw-add input")).sendKeys("I love comedies", Keys.ENTER);
        wait.until(d -> memoryTexts().contains("I love comedies"));

        // 3. a vague message: the reply streams into the assistant bubble, then clarification options appear.
        // A MutationObserver records the bubble's text length at every change, with whether the final turn had arrived.
        js.executeScript("""
                window.__lens = [];
                new MutationObserver(() => {
                  const bubbles = document.querySelectorAll('.cw-msg-assistant');
                  const b = bubbles[bubbles.length - 1];
                  if (b) window.__lens.push([b.querySelector('.cw-text').textContent.length, b.getAttribute('data-done') === 'true']);
                }).observe(document.querySelector('.cw-log'), {subtree: true, childList: true, characterData: true, attributes: true});
                """);
        WebElement input = driver.findElement(By.cssSelector(".cw-input textarea"));
        input.sendKeys("Can you recommend a movie?", Keys.ENTER); // Enter sends
        WebElement first = lastDoneAssistant(wait, 1);
        assertEquals("clarify", first.getAttribute("data-act"), "a vague request is answered with a question");
        int tokens = Integer.parseInt(first.getAttribute("data-tokens"));
        assertTrue(tokens >= 2, "token frames were rendered into the bubble before the turn: " + tokens);
        List<?> lens = (List<?>) js.executeScript("return window.__lens;");
        long growing = lens.stream().map(l -> (List<?>) l).filter(l -> !(Boolean) l.get(1))
                .map(l -> ((Number) l.get(0)).longValue()).filter(n -> n > 0).distinct().count();
        assertTrue(growing >= 2, "the assistant text grew over several steps before the final turn: " + lens);
        String finalText = first.findElement(By.cssSelector(".cw-text")).getText();
        assertFalse(finalText.isBlank());

        // 4. click a clarification option (it is sent as the next message) until recommendation cards appear
        List<WebElement> cards = List.of();
        for (int round = 2; round <= 5 && cards.isEmpty(); round++) {
            WebElement last = lastDoneAssistant(wait, round - 1);
            List<WebElement> options = last.findElements(By.cssSelector(".cw-options button.cw-option"));
            if (options.isEmpty()) {
                input.sendKeys("Just recommend something funny", Keys.ENTER);
            } else {
                String option = options.get(0).getText();
                options.get(0).click();
                wait.until(d -> userTexts().contains(option));
            }
            WebElement reply = lastDoneAssistant(wait, round);
            cards = reply.findElements(By.cssSelector(".cw-card"));
        }
        assertFalse(cards.isEmpty(), "recommendation cards after the clarification");
        WebElement card = cards.get(0);
        assertFalse(card.findElement(By.cssSelector("h3")).getText().isBlank(), "a card names its item");
        assertFalse(card.findElement(By.cssSelector(".cw-reason-text")).getText().isBlank(), "a card gives its reason");

        // 5. reject an item, with the optional reason
        String conversationId = (String) js.executeScript("return ConciergeWidget.instances()[0].conversationId;");
        String itemId = card.getAttribute("data-item-id");
        card.findElement(By.cssSelector(".cw-reject")).click();
        WebElement why = wait.until(d -> card.findElement(By.cssSelector(".cw-reason input")));
        assertEquals(why, driver.switchTo().activeElement(), "the reason field takes the focus");
        why.sendKeys("seen it already", Keys.ENTER);
        wait.until(d -> "reject".equals(card.getAttribute("data-verdict")));
        assertEquals("true", card.findElement(By.cssSelector(".cw-reject")).getAttribute("aria-pressed"));
        // the server has it, with the reason, in this conversation (and only one widget conversation was made)
        String bearer = Tokens.bearer(user);
        var export = given().header("Authorization", bearer).get("/api/v1/me/export").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(conversationId), export.getList("conversations.id"));
        assertEquals(List.of(Map.of("itemId", itemId, "verdict", "reject", "reason", "seen it already")),
                export.getList("conversations[0].feedback").stream().map(f -> {
                    Map<?, ?> m = (Map<?, ?>) f;
                    return Map.of("itemId", m.get("itemId"), "verdict", m.get("verdict"), "reason", m.get("reason"));
                }).toList());

        // 6. the socket drops: the widget reconnects by itself and continues the same conversation
        String connections = widget.getAttribute("data-connections");
        assertEquals("1", connections);
        js.executeScript("ConciergeWidget.instances()[0].simulateNetworkLoss();");
        wait.until(d -> "2".equals(widget.getAttribute("data-connections")) && "open".equals(widget.getAttribute("data-state")));
        int before = driver.findElements(By.cssSelector(".cw-msg-assistant[data-done=true]")).size();
        input.sendKeys("Something with Jim Carrey", Keys.ENTER);
        lastDoneAssistant(wait, before + 1);
        assertEquals(conversationId, js.executeScript("return ConciergeWidget.instances()[0].conversationId;"));

        // 7. delete an instruction in the panel (DELETE), the service forgets it
        String instructionId = given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("text", "No films longer than three hours")).post("/api/v1/me/instructions")
                .then().statusCode(201).extract().path("id");
        driver.findElement(By.cssSelector(".cw-memory-toggle")).click(); // close
        driver.findElement(By.cssSelector(".cw-memory-toggle")).click(); // and open again: reloads
        WebElement item = wait.until(d -> d.findElement(By.cssSelector(".cw-memory li[data-instruction-id='" + instructionId + "']")));
        item.findElement(By.cssSelector(".cw-delete")).click();
        wait.until(ExpectedConditions.stalenessOf(item));
        List<String> active = given().header("Authorization", bearer).get("/api/v1/me/instructions")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertFalse(active.contains(instructionId), "deleted in the panel, gone from the service");
        assertTrue(memoryTexts().contains("I love comedies"), "the other instruction stays");

        assertTrue(driver.findElements(By.cssSelector(".cw-error")).isEmpty(),
                "no error shown: " + driver.findElements(By.cssSelector(".cw-error")).stream().map(WebElement::getText).toList());

        // 8. a screenshot for humans
        Path png = Path.of("target", "widget.png");
        Files.createDirectories(png.getParent());
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(png) > 10_000, "screenshot written");
    }

    /** Waits for the n-th finished assistant bubble and returns it. */
    private static WebElement lastDoneAssistant(WebDriverWait wait, int n) {
        return wait.until(d -> {
            List<WebElement> done = d.findElements(By.cssSelector(".cw-msg-assistant[data-done=true]"));
            if (!d.findElements(By.cssSelector(".cw-error")).isEmpty()) {
                throw new AssertionError("error shown: " + d.findElement(By.cssSelector(".cw-error")).getText());
            }
            return done.size() >= n ? done.get(n - 1) : null;
        });
    }

    private static List<String> memoryTexts() {
        return driver.findElements(By.cssSelector(".cw-memory li .cw-itext")).stream().map(WebElement::getText).toList();
    }

    private static List<String> userTexts() {
        return driver.findElements(By.cssSelector(".cw-msg-user .cw-text")).stream().map(WebElement::getText).toList();
    }
}
