package io.recengine.core.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.config.EngineConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.match.MatchQuery;
import io.recengine.spi.match.MatchResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded match engine's typed reads and updates over config-samples/aime.json (the seed's tables). */
class MatchServiceTest {

    static final Path SAMPLE = Path.of("../config-samples/aime.json");
    static final ObjectMapper JSON = new ObjectMapper();

    /** The seed's read examples (query strings as they are). */
    static final String SEED_X2I = "biz_name=searcher&p=test_x2i_biz&s=test_x2i_biz&return_count=10&outfmt=json2"
            + "&trigger_list=trigger_key:1,trigger_key2:1.5";
    static final String SEED_VECTOR = "biz_name=searcher&p=test_vec_biz&s=test_vec_biz&return_count=10&outfmt=json2"
            + "&trigger_list=-0.5430353283882141,-0.0292476424574852,-0.3608616292476654,-0.35043397545814514,"
            + "-0.23355364799499512,-0.24787241220474243,0.27063214778900146,-0.40489235520362854,0.3900103271007538,"
            + "0.54123854637146,-0.006652768235653639,0.26998400688171387,-0.08973824232816696,0.5796284079551697,"
            + "0.1965138018131256,0.6804714798927307,-0.3605094254016876,-0.12562842667102814,0.543321430683136,"
            + "0.4717116057872772,-0.30192506313323975,0.2214985191822052,0.1516236513853073,0.21026527881622314,"
            + "-0.6978874206542969,-0.11705683171749115,0.2574385106563568,-0.3885158896446228,-0.4346419870853424,"
            + "0.1547151654958725";
    static MatchService service;

    @BeforeAll
    static void start() {
        service = MatchService.build(ConfigLoader.load(SAMPLE));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void seedVectorReadMatchesExactScan() throws Exception {
        MatchResult r = service.read(params(SEED_VECTOR));
        assertThat(r.errorCode()).as(r.errorMessage()).isEqualTo(0);
        assertThat(r.rows()).hasSize(10);
        // the exact answer from the data file
        String trig = SEED_VECTOR.substring(SEED_VECTOR.indexOf("trigger_list=") + 13);
        float[] q = DataFiles.parseVector(trig);
        List<Map.Entry<String, Float>> exact = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../config-samples/data/aime/vectors.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            float[] v = DataFiles.parseVector(n.path("embedding").toString());
            exact.add(Map.entry(n.path("id").asText(), VectorMetric.dot(q, v)));
        }
        exact.sort((a, b) -> Float.compare(b.getValue(), a.getValue()));
        int id = r.fieldIndex("id");
        assertThat(r.rows().stream().map(row -> row.get(id)).toList())
                .containsExactlyElementsOf(exact.subList(0, 10).stream().map(Map.Entry::getKey).toList());
        assertThat(r.rows().get(0).get(r.fieldIndex("trigger_id"))).isEqualTo("0"); // the query vector's index
        assertThat((Double) r.rows().get(0).get(0)).isCloseTo(exact.get(0).getValue(),
                org.assertj.core.data.Offset.offset(1e-4));
    }

    /** A query string without escapes, split. */
    private static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }

    @Test
    void updatesAreVisibleToTheNextRead() {
        Map<String, String> q = Map.of("p", "test_x2i_biz", "s", "test_x2i_biz", "return_count", "10",
                "trigger_list", "trigger_key:1");
        assertThat(ids(service.read(q))).contains("1001");
        assertThat(service.update("test_x2i_biz", "CMD=delete\u001F\ntrigger_id=trigger_key\u001F\nitem_id=1001\u001F\n"))
                .isEmpty();
        assertThat(ids(service.read(q))).doesNotContain("1001");
        assertThat(service.update("test_x2i_biz", "CMD=add\u001F\ntrigger_id=trigger_key\u001F\nitem_id=1001\u001F\n"
                + "score=0.000001\u001F\n")).isEmpty();
        assertThat(ids(service.read(q))).contains("1001");
        assertThat(service.update("nope", "CMD=delete\u001F\nid=1\u001F\n")).hasValueSatisfying(
                p -> assertThat(p).contains("unknown table 'nope'"));
        assertThat(service.read(Map.of("p", "nope", "trigger_list", "a:1")).errorCode())
                .isEqualTo(MatchService.ERR_NO_SERVICE);
    }

    private static List<Object> ids(MatchResult r) {
        int id = r.fieldIndex("id");
        return r.rows().stream().map(row -> row.get(id)).toList();
    }

    @Test
    void multiRecallForm() {
        MatchResult r = service.engine().read(MatchQuery.of(Map.of("biz_name", "searcher", "p", "home", "s", "home",
                "x2i_list", "trigger_key:1", "x2i_table", "test_x2i_biz", "x2i_return_count", "2",
                "test_vec_biz_list", SEED_VECTOR.substring(SEED_VECTOR.indexOf("trigger_list=") + 13),
                "test_vec_biz_return_count", "3")));
        assertThat(r.ok()).as(r.errorMessage()).isTrue();
        assertThat(r.fieldNames()).contains("recall_name", "title", "id", MatchResult.SCORE);
        assertThat(r.rows().size()).isBetween(4, 5);
        int rn = r.fieldIndex("recall_name");
        assertThat(r.rows().stream().map(row -> row.get(rn)).distinct().toList()).contains("x2i", "test_vec_biz");
    }

    @Test
    void configProblemsNameComponentAndKey(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("c.json"), "{\"MatchEngineConf\":{\"Tables\":["
                + "{\"Name\":\"v\",\"Kind\":\"vector\"},{\"Name\":\"x\",\"Kind\":\"x2i\",\"DetailTable\":\"none\"},"
                + "{\"Name\":\"y\",\"Kind\":\"graph\"},{\"Name\":\"z\",\"Kind\":\"x2i\",\"Path\":\"missing.csv\"}]}}");
        EngineConfig config = ConfigLoader.load(dir.resolve("c.json"));
        List<ConfigException> problems = MatchService.check(config);
        assertThat(problems).extracting(ConfigException::key).containsExactlyInAnyOrder("Dimension", "Kind", "DetailTable");
        assertThat(problems.get(0).component()).startsWith("'v' (MatchEngineConf.Tables[0])");
        Files.writeString(dir.resolve("c.json"), "{\"MatchEngineConf\":{\"Tables\":["
                + "{\"Name\":\"z\",\"Kind\":\"x2i\",\"Path\":\"missing.csv\"}]}}");
        assertThatThrownBy(() -> MatchService.build(ConfigLoader.load(dir.resolve("c.json"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key Path").hasMessageContaining("missing.csv");
    }
}
