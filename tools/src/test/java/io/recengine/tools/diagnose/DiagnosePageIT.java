package io.recengine.tools.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recengine.tools.quickstart.DatasetSpec;
import io.recengine.tools.quickstart.QuickstartData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The diagnostic page in a real browser (headless Chromium through Debian's chromedriver, driven by
 * Selenium) against the packaged tools jar serving {@code config-samples/quickstart.json} on a freshly
 * generated data set. Also, over plain HTTP on the same server: the trace JSON of a quickstart request
 * accounts for every candidate, and every metric the Grafana dashboard queries is on {@code /metrics}.
 */
class DiagnosePageIT {

    private static final Path JAR = Path.of("target", "recengine-tools.jar");
    private static final Path QUICKSTART = Path.of("..", "config-samples", "quickstart.json");
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "recengine-dashboard.json");
    private static final Path SCREENSHOTS = Path.of("target", "diagnose");
    /** The quickstart's shape (32 dimensions as its vector table) at a size that generates in seconds. */
    private static final DatasetSpec SPEC = new DatasetSpec(120, 600, 5_000, 18, 32, 7L);
    /** Turns a hang into a failure; never a measure of speed. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The scene with a coarse rank, cold-start ranks and a mini-pipeline ({@link #addStagesScene}). */
    private static final String STAGES_SCENE = "stages_feed";

    @TempDir
    static Path tmp;
    private static Process server;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startServer() throws Exception {
        assertThat(JAR).as("run 'mvn verify' (package builds the tools jar)").isRegularFile();
        Path data = tmp.resolve("data");
        QuickstartData.ensure(data, SPEC);
        Path config = quickstartOn(data, tmp.resolve("quickstart.json"));
        int port = freePort();
        Path log = tmp.resolve("server.log");
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-jar", JAR.toString(),
                "--config", config.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        base = URI.create("http://127.0.0.1:" + port);
        awaitPing(log);
        // requests for the replay list, and one of the degraded scene so its failure is counted
        for (String uid : List.of("1", "2", "3")) {
            assertThat(post("/api/rec/feed", feedBody(uid)).statusCode()).isEqualTo(200);
        }
        post("/api/rec/feed", "{\"uid\":\"1\",\"size\":5,\"scene_id\":\"degraded_feed\"}");
        HttpResponse<String> callback = post("/api/callback", "{\"uid\":\"1\",\"request_id\":\"diagnose-it\","
                + "\"scene_id\":\"home_feed\",\"item_list\":[{\"item_id\":\"1\"}]}");
        assertThat(callback.body()).contains("\"code\":200");
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static String feedBody(String uid) {
        return "{\"uid\":\"" + uid + "\",\"size\":10,\"scene_id\":\"home_feed\"}";
    }

    @Test
    void theTraceOfAQuickstartRequestAccountsForEveryCandidate() throws Exception {
        HttpResponse<String> r = post("/diagnose/api/trace?table=item_detail", feedBody("1"));
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("code").asInt()).as(r.body()).isEqualTo(200);
        assertThat(a.path("items").size()).isEqualTo(10);
        assertThat(a.path("items").get(0).path("details").path("title").asText()).as("joined item_detail").isNotEmpty();
        JsonNode acc = a.path("trace").path("accounting");
        int recalled = acc.path("recalled").asInt();
        int filtered = acc.path("removed_by_filters").asInt();
        int bySorts = acc.path("removed_by_sorts").asInt();
        int truncated = acc.path("truncated").asInt();
        int returned = acc.path("returned").asInt();
        assertThat(returned).isEqualTo(10);
        assertThat(recalled).as("the three recalls bring more than they return").isGreaterThan(returned);
        assertThat(recalled).as(acc.toString()).isEqualTo(filtered + bySorts + truncated + returned);
        assertThat(acc.path("balanced").asBoolean()).isTrue();

        // the stages' own numbers agree with the accounting
        int recalledByRecalls = 0;
        int removedInStages = 0;
        List<String> kinds = new ArrayList<>();
        for (JsonNode s : a.path("trace").path("stages")) {
            kinds.add(s.path("stage").asText());
            if (s.path("stage").asText().equals("recall")) {
                assertThat(s.path("recalls").findValuesAsText("name")).as("in RecallNames order")
                        .containsExactly("u2i2i", "user_vector", "popular");
                for (JsonNode rc : s.path("recalls")) {
                    recalledByRecalls += rc.path("count").asInt();
                    assertThat(rc.has("error")).as("recall " + rc.path("name")).isFalse();
                }
            }
            removedInStages += s.path("removed").size();
        }
        assertThat(kinds).containsSubsequence("user_features", "recall", "filter", "filter", "item_features", "rank",
                "sort", "sort", "truncate");
        assertThat(recalledByRecalls).isEqualTo(recalled);
        assertThat(removedInStages).isEqualTo(filtered + bySorts + truncated);
    }

    @Test
    void theTraceShowsTheCoarseRankTheColdStartRanksAndThePipelineSteps() throws Exception {
        HttpResponse<String> r = post("/diagnose/api/trace", "{\"uid\":\"1\",\"size\":10,\"scene_id\":\"" + STAGES_SCENE + "\"}");
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("code").asInt()).as(r.body()).isEqualTo(200);
        assertThat(a.path("items").size()).isEqualTo(10);
        List<String> kinds = new ArrayList<>();
        int removedInStages = 0;
        JsonNode coarse = null;
        JsonNode pipelines = null;
        for (JsonNode s : a.path("trace").path("stages")) {
            kinds.add(s.path("stage").asText());
            removedInStages += s.path("removed").size();
            if (s.path("stage").asText().equals("general_rank") && coarse == null) {
                coarse = s;
            }
            if (s.path("stage").asText().equals("pipelines")) {
                pipelines = s;
            }
        }
        assertThat(kinds).containsSubsequence("user_features", "recall", "filter", "general_rank", "general_rank",
                "item_features", "rank", "cold_start_rank", "pipelines", "sort", "truncate");
        assertThat(coarse.path("name").asText()).isEqualTo("GeneralRankConfs");
        List<String> coarseSteps = new ArrayList<>();
        coarse.path("steps").forEach(step -> coarseSteps.add(step.path("stage").asText()));
        assertThat(coarseSteps).containsExactly("item_features", "rank", "sort", "filter");
        assertThat(coarse.path("after").asInt()).as("uid 1 has more u2i2i items than coarse_keep keeps").isEqualTo(100);
        JsonNode fresh = pipelines.path("pipelines").get(0);
        assertThat(fresh.path("name").asText()).isEqualTo("fresh");
        assertThat(fresh.has("error")).as(fresh.toString()).isFalse();
        assertThat(fresh.path("count").asInt()).isBetween(1, 20);
        List<String> freshSteps = new ArrayList<>();
        fresh.path("steps").forEach(step -> freshSteps.add(step.path("stage").asText()));
        assertThat(freshSteps).containsExactly("recall", "filter", "general_rank", "item_features", "rank", "sort");
        assertThat(pipelines.path("added").asInt()).isEqualTo(pipelines.path("after").asInt() - pipelines.path("before").asInt());

        JsonNode acc = a.path("trace").path("accounting");
        assertThat(acc.path("balanced").asBoolean()).as(acc.toString()).isTrue();
        assertThat(acc.path("removed_by_general_rank").asInt()).isPositive();
        assertThat(acc.path("recalled").asInt() + acc.path("added_by_pipelines").asInt()).isEqualTo(
                removedInStages + acc.path("returned").asInt());
    }

    @Test
    void everyMetricTheGrafanaDashboardQueriesIsOnMetrics() throws Exception {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        Set<String> queried = new TreeSet<>();
        Pattern name = Pattern.compile("\\b((?:pairec|recengine|jvm|http|process)_[a-zA-Z0-9_]+)\\b");
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher m = name.matcher(expr.asText());
            while (m.find()) {
                queried.add(m.group(1));
            }
        }
        assertThat(queried).as("the dashboard queries the engine's metrics").hasSizeGreaterThan(8);
        // the callback's rows are written by the callback workers after its answer: wait for them
        Set<String> exposed = exposedMetrics();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!exposed.containsAll(queried) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            exposed = exposedMetrics();
        }
        assertThat(exposed).as("/metrics").containsAll(queried);
    }

    private static Set<String> exposedMetrics() throws IOException, InterruptedException {
        String metrics = HTTP.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Set<String> exposed = new TreeSet<>();
        for (String line : metrics.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                exposed.add(line.split("[{ ]", 2)[0]);
            }
        }
        return exposed;
    }

    @Test
    void thePageDiagnosesTheQuickstartSceneInABrowser() throws Exception {
        WebDriver browser = browser();
        try {
            browser.get(base.resolve("/diagnose").toString());
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.until(d -> new Select(d.findElement(By.id("scene"))).getOptions().size() > 0);
            new Select(browser.findElement(By.id("scene"))).selectByValue("home_feed");
            new Select(browser.findElement(By.id("table"))).selectByValue("item_detail");

            // replay the newest request the engine received (uid 3)
            wait.until(d -> new Select(d.findElement(By.id("recent"))).getOptions().stream()
                    .anyMatch(o -> !o.getDomProperty("value").isEmpty()));
            new Select(browser.findElement(By.id("recent"))).selectByIndex(0);
            browser.findElement(By.id("replay")).click();
            assertThat(browser.findElement(By.id("raw")).getDomProperty("value")).contains("\"uid\":\"3\"");
            assertThat(browser.findElement(By.id("uid")).getDomProperty("value")).isEqualTo("3");

            browser.findElement(By.id("diagnose")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("final-list")));
            List<WebElement> rows = browser.findElements(By.cssSelector("#final-list tbody tr"));
            assertThat(rows).hasSize(10);
            List<String> header = browser.findElements(By.cssSelector("#final-list thead th")).stream()
                    .map(WebElement::getText).toList();
            assertThat(header).contains("#", "item_id", "score", "retrieve_id", "experiment_id", "title", "category");
            assertThat(rows.get(0).findElements(By.tagName("td")).get(0).getText()).isEqualTo("1");
            assertThat(browser.findElement(By.id("accounting")).getText()).contains("every candidate accounted for");
            for (String stage : List.of("user_features", "recall", "filter", "item_features", "rank", "sort",
                    "truncate", "logs")) {
                List<WebElement> section = browser.findElements(By.cssSelector("details[data-stage='" + stage + "']"));
                assertThat(section).as("stage section " + stage).isNotEmpty();
                assertThat(section.get(0).getText()).as(stage).isNotBlank();
            }
            String recall = browser.findElement(By.cssSelector("details[data-stage='recall']")).getText();
            assertThat(recall).contains("u2i2i").contains("user_vector").contains("popular");
            WebElement rank = browser.findElement(By.cssSelector("details[data-stage='rank']"));
            rank.findElement(By.tagName("summary")).click();
            assertThat(rank.getText()).contains("${fm_ctr}").contains("fm_ctr");
            assertThat(browser.findElements(By.cssSelector("details[data-stage='rank'] tbody tr"))).hasSize(100);
            assertThat(browser.findElements(By.cssSelector("#timeline-chart rect"))).hasSizeGreaterThan(7);
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
            screenshot(browser, "quickstart-diagnosed.png");

            // compare: the same request against another user's
            browser.findElement(By.id("rawB")).sendKeys(feedBody("2"));
            browser.findElement(By.id("compareRun")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("compareSummary")));
            assertThat(browser.findElements(By.cssSelector("#compareResult table"))).hasSize(2);
            assertThat(browser.findElement(By.id("compareSummary")).getText()).contains("in one list only");
            screenshot(browser, "compare.png");

            // a bad request typed into the page shows the engine's 400 message
            String expected = JSON.readTree(post("/api/rec/feed", "{\"uid\":\"1\",\"size\":\"ten\"}").body())
                    .path("msg").asText();
            WebElement raw = browser.findElement(By.id("raw"));
            raw.clear();
            raw.sendKeys("{\"uid\":\"1\",\"size\":\"ten\"}");
            browser.findElement(By.id("diagnose")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
            assertThat(expected).isNotEmpty();
            assertThat(browser.findElement(By.id("error")).getText()).contains("code 400").contains(expected);
            screenshot(browser, "bad-request.png");

            assertNoJavaScriptErrors(browser);
        } finally {
            browser.quit();
        }
    }

    @Test
    void thePageShowsTheCoarseRankTheColdStartRanksAndThePipelineSteps() throws Exception {
        WebDriver browser = browser();
        try {
            browser.get(base.resolve("/diagnose").toString());
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.until(d -> new Select(d.findElement(By.id("scene"))).getOptions().size() > 0);
            new Select(browser.findElement(By.id("scene"))).selectByValue(STAGES_SCENE);
            WebElement uid = browser.findElement(By.id("uid"));
            uid.clear();
            uid.sendKeys("1");
            browser.findElement(By.id("build")).click();
            assertThat(browser.findElement(By.id("raw")).getDomProperty("value")).contains(STAGES_SCENE);
            browser.findElement(By.id("diagnose")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("final-list")));
            assertThat(browser.findElements(By.cssSelector("#final-list tbody tr"))).hasSize(10);
            assertThat(browser.findElement(By.id("accounting")).getText()).contains("removed by coarse rank")
                    .contains("every candidate accounted for");

            List<WebElement> coarse = browser.findElements(By.cssSelector("details[data-stage='general_rank']"));
            assertThat(coarse).hasSize(2);
            assertThat(coarse.get(0).findElement(By.tagName("summary")).getText())
                    .startsWith("Coarse rank GeneralRankConfs:").contains("\u2192 100");
            assertThat(coarse.get(1).findElement(By.tagName("summary")).getText()).startsWith("Coarse rank ColdStartGeneralRankConfs:");
            for (String step : List.of("item_features", "rank", "sort", "filter")) {
                assertThat(coarse.get(0).findElements(By.cssSelector("details[data-step='" + step + "']")))
                        .as("coarse rank step " + step).hasSize(1);
            }
            assertThat(coarse.get(0).findElement(By.cssSelector("details[data-step='filter'] summary")).getText())
                    .startsWith("Filter coarse_keep:").contains("\u2192 100");

            WebElement cold = browser.findElement(By.cssSelector("details[data-stage='cold_start_rank']"));
            assertThat(cold.findElement(By.tagName("summary")).getText())
                    .startsWith("Cold-start rank fm_ctr (recall popular, beside the rank)");

            WebElement fresh = browser.findElement(By.cssSelector("details[data-stage='pipelines'] details[data-pipeline='fresh']"));
            assertThat(fresh.findElement(By.tagName("summary")).getText()).startsWith("pipeline fresh:").doesNotContain("failed");
            List<String> steps = fresh.findElements(By.cssSelector(":scope > details[data-step]")).stream()
                    .map(e -> e.getDomAttribute("data-step")).toList();
            assertThat(steps).containsExactly("recall", "filter", "general_rank", "item_features", "rank", "sort");
            String timeline = browser.findElement(By.id("timeline-chart")).getText();
            assertThat(timeline).contains("general_rank GeneralRankConfs").contains("cold_start_rank fm_ctr")
                    .contains("pipeline fresh");
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
            screenshot(browser, "stages-diagnosed.png");

            assertNoJavaScriptErrors(browser);
        } finally {
            browser.quit();
        }
    }

    private static void assertNoJavaScriptErrors(WebDriver browser) {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        assertThat(errors).as("JavaScript errors in the browser console").isEmpty();
    }

    /** Headless Chromium from the PATH (Debian's chromium and chromium-driver); no download, no profile. */
    private static WebDriver browser() throws IOException {
        Path chromium = onPath("chromium", "chromium-browser");
        Path driver = onPath("chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,2200",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Path onPath(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String n : names) {
                Path p = Path.of(dir, n);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return fail("none of " + List.of(names) + " on the PATH: install Debian's chromium and chromium-driver "
                + "(.ci/run does)");
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name), png);
    }

    /**
     * The quickstart config on {@code data}, with generous timeouts (a loaded CI box must not turn a recall
     * into a timeout), the replay ring on, and a second scene whose one remote recall is down (so that the
     * failure counter the dashboard shows exists).
     */
    private static Path quickstartOn(Path data, Path out) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(QUICKSTART.toFile());
        for (JsonNode table : config.path("MatchEngineConf").path("Tables")) {
            String file = Path.of(table.path("Path").asText()).getFileName().toString();
            ((ObjectNode) table).put("Path", data.resolve(file).toAbsolutePath().toString());
        }
        for (JsonNode algo : config.path("AlgoConfs")) {
            ObjectNode local = (ObjectNode) algo.path("LocalConf");
            local.put("ModelPath", data.resolve(QuickstartData.MODEL_FILE).toAbsolutePath().toString());
            local.put("Timeout", 60_000);
        }
        ArrayNode recalls = (ArrayNode) config.path("RecallConfs");
        for (JsonNode recall : recalls) {
            ((ObjectNode) recall).put("Timeout", 60_000);
        }
        ((ObjectNode) config.path("CallBackConfs").path("home_feed").path("DataSource"))
                .put("Path", tmp.resolve("callback").toAbsolutePath().toString());
        ObjectNode engineConf = config.putObject("EngineConf");
        engineConf.put("RequestTimeout", 0);
        engineConf.put("DiagnoseRecentRequests", 5);
        engineConf.put("CallbackSpillDir", tmp.resolve("spill").toAbsolutePath().toString());

        ((ObjectNode) config.path("BEConfs")).putObject("down").put("Endpoint", "http://127.0.0.1:" + freePort())
                .put("Username", "u").put("Password", "p");
        ObjectNode down = recalls.addObject().put("Name", "remote_down").put("RecallType", "BeRecall")
                .put("RecallCount", 10).put("Timeout", 10_000);
        down.putObject("BeConf").put("BeName", "down").put("BizName", "popular").put("BeRecallType", "x2i_recall")
                .put("Count", 10).putArray("BeRecallParams").addObject().put("Count", 10).put("RecallName", "popular")
                .put("TriggerType", "fixvalue").put("TriggerValue", "-1").put("ItemIdName", "id");
        ((ObjectNode) config.path("SceneConfs")).putObject("degraded_feed").putObject("default")
                .putArray("RecallNames").add("popular").add("remote_down");
        addStagesScene(config);
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), config);
        return out;
    }

    /**
     * The scene {@code stages_feed}: the quickstart's components with a coarse rank (its own feature load,
     * the FM, a sort and a truncating filter), a cold-start coarse rank and a cold-start rank of the
     * {@code popular} recall, and a mini-pipeline {@code fresh} on the vector recall.
     */
    private static void addStagesScene(ObjectNode config) throws IOException {
        String scene = STAGES_SCENE;
        ArrayNode filters = (ArrayNode) config.path("FilterConfs");
        filters.addObject().put("Name", "coarse_keep").put("FilterType", "AdjustCountFilter").put("RetainNum", 100);
        filters.addObject().put("Name", "pipeline_keep").put("FilterType", "AdjustCountFilter").put("RetainNum", 20);
        ((ObjectNode) config.path("FilterNames")).putArray(scene).add("UniqueFilter");
        ((ObjectNode) config.path("UserFeatureConfs")).set(scene, config.path("UserFeatureConfs").path("home_feed").deepCopy());
        ((ObjectNode) config.path("FeatureConfs")).set(scene, config.path("FeatureConfs").path("home_feed").deepCopy());
        ((ObjectNode) config.path("RankConf")).set(scene, config.path("RankConf").path("home_feed").deepCopy());
        ((ObjectNode) config.path("SortNames")).putArray(scene).add("ItemRankScore");
        JsonNode itemFeatures = config.path("FeatureConfs").path("home_feed").path("FeatureLoadConfs");
        config.set("GeneralRankConfs", JSON.readTree("""
                {"%s": {"RankConf": {"RankAlgoList": ["fm_ctr"], "RankScore": "${fm_ctr}"},
                  "ActionConfs": [{"ActionType": "sort", "ActionName": "ItemRankScore"},
                                  {"ActionType": "filter", "ActionName": "coarse_keep"}]}}""".formatted(scene)));
        ((ObjectNode) config.path("GeneralRankConfs").path(scene)).set("FeatureLoadConfs", itemFeatures.deepCopy());
        config.set("ColdStartGeneralRankConfs", JSON.readTree("""
                {"%s": {"RecallNames": ["popular"],
                  "ActionConfs": [{"ActionType": "filter", "ActionName": "pipeline_keep"}]}}""".formatted(scene)));
        config.set("ColdStartRankConfs", JSON.readTree("""
                {"%s": {"RecallName": "popular", "AlgoName": "fm_ctr"}}""".formatted(scene)));
        config.set("PipelineConfs", JSON.readTree("""
                {"%s": [{"Name": "fresh", "RecallNames": ["user_vector"], "FilterNames": ["UniqueFilter"],
                  "GeneralRankConf": {"ActionConfs": [{"ActionType": "filter", "ActionName": "pipeline_keep"}]},
                  "RankConf": {"RankAlgoList": ["fm_ctr"], "RankScore": "${fm_ctr}"},
                  "SortNames": ["ItemRankScore"]}]}""".formatted(scene)));
        ((ObjectNode) config.path("PipelineConfs").path(scene).get(0)).set("FeatureLoadConfs", itemFeatures.deepCopy());
        ((ObjectNode) config.path("SceneConfs")).putObject(scene).putObject("default")
                .putArray("RecallNames").add("u2i2i").add("popular");
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void awaitPing(Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("tools server exited with " + server.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> ping = HTTP.send(HttpRequest.newBuilder(base.resolve("/ping"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ping.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("no /ping answer in time:\n" + Files.readString(log));
    }
}
