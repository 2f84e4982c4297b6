package io.recengine.server.aime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.core.config.ConfigLoader;
import io.recengine.core.match.MatchService;
import io.recengine.server.wire.WireResponse;
import io.recengine.spi.match.MatchQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AIME contract of the embedded engine over config-samples/aime.json (the seed's examples). (Moved from
 * engine-core's MatchServiceTest with the codec.)
 */
class AimeApiTest {

    static final Path SAMPLE = Path.of("../config-samples/aime.json");
    static final String AUTH = basic("aime", "change-me");
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
    /** The seed's write examples (query strings as they are). */
    static final String SEED_ADD = "table=detail_test_inc_table&h=2035815278&msg=CMD%3Dadd%1F%0A_item_hash_id%3D-5656019669429076362%1F%0Aauthor%3Dtest%1F%0Acategory%3D1%1F%0Acategory_level%3D5%1F%0Acategory_level1%3D1%1F%0Acategory_path%3D1_1_1_1_1%1F%0Achannel%3Dnone%1F%0Acity%3Dnone%1F%0Aclick_cnt%3D-1%1F%0Acollect_cnt%3D-1%1F%0Acomm_cnt%3D-1%1F%0Acountry%3Dnone%1F%0Adownload_cnt%3D-1%1F%0Aduration%3D-1%1F%0Aexpire_time%3D4102416000%1F%0Afeatures%3Dnone%1F%0Aid%3D-5656019669429076362%1F%0A";
    static final String SEED_DELETE = "table=detail_test_inc_table&h=-71900929&msg=CMD%3Ddelete%1F%0Aid%3D-5656019669429076362%1F%0A";

    static MatchService match;
    static AimeApi service;

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.ISO_8859_1));
    }

    @BeforeAll
    static void start() {
        match = MatchService.build(ConfigLoader.load(SAMPLE));
        service = new AimeApi(match);
    }

    @AfterAll
    static void stop() {
        match.close();
    }

    static JsonNode json(WireResponse r) throws IOException {
        return JSON.readTree(r.body());
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void seedX2iRead() throws Exception {
        WireResponse r = service.be(SEED_X2I, AUTH);
        assertThat(r.httpStatus()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("errorCode").asInt()).isEqualTo(0);
        assertThat(body.path("errorMessage").asText()).isEqualTo("none");
        assertThat(texts(body.path("matchItems").path("fieldNames")))
                .containsExactly("__score__", "title", "id", "match_type", "score", "trigger_id", "trigger_score");
        JsonNode rows = body.path("matchItems").path("fieldValues");
        assertThat(rows.size()).isEqualTo(4);
        // trigger_key2's 1002 scores 0.00002 * 1.5; 3489628730026797560 keeps its best (trigger_key: 0.0000098 * 1)
        assertThat(texts(rows.get(0))).containsExactly("0.000030000000000000004", "title_5", "1002", "1", "0.00002",
                "trigger_key2", "1.5");
        assertThat(texts(rows.get(1))).containsExactly("0.000009883646271191537", "title_1", "3489628730026797560", "1",
                "0.000009883646271191537", "trigger_key", "1.0");
        assertThat(texts(rows.get(2))).containsExactly("0.000005524287644220749", "title_2", "-3094066460264965022", "1",
                "0.000005524287644220749", "trigger_key", "1.0");
        rows.forEach(row -> row.forEach(v -> assertThat(v.isTextual()).isTrue()));
    }

    @Test
    void severalVectorsSeparatedBySemicolon() throws Exception {
        String v = SEED_VECTOR.substring(SEED_VECTOR.indexOf("trigger_list=") + 13);
        String q = "p=test_vec_biz&s=test_vec_biz&return_count=5&outfmt=json2&trigger_list=" + v + ";" + v.replace("-", "");
        JsonNode body = json(service.be(q, AUTH));
        assertThat(body.path("errorCode").asInt()).isEqualTo(0);
        assertThat(body.path("matchItems").path("fieldValues").size()).isEqualTo(5);
        // percent-encoded separators work too
        String enc = "p=test_vec_biz&s=test_vec_biz&return_count=5&trigger_list=" + v.replace(",", "%2C") + "%3B" + v.replace(",", "%2C");
        assertThat(json(service.be(enc, AUTH)).path("errorCode").asInt()).isEqualTo(0);
    }

    @Test
    void seedWritesAddThenDelete() throws Exception {
        WireResponse add = service.sendmsg(SEED_ADD, new byte[0], AUTH);
        assertThat(add.httpStatus()).isEqualTo(200);
        assertThat(add.bodyText()).isEqualTo("{\"success\":true,\"errno\":0}");
        Map<String, Map<String, String>> rows = match.engine().lookup("detail_test_inc_table", List.of("-5656019669429076362"));
        assertThat(rows.get("-5656019669429076362")).containsEntry("author", "test").containsEntry("expire_time", "4102416000");
        WireResponse del = service.sendmsg(SEED_DELETE, new byte[0], AUTH);
        assertThat(del.bodyText()).isEqualTo("{\"success\":true,\"errno\":0}");
        assertThat(match.engine().lookup("detail_test_inc_table", List.of("-5656019669429076362"))).isEmpty();
    }

    @Test
    void formPostBody() {
        WireResponse r = service.sendmsg("", SEED_ADD.getBytes(StandardCharsets.US_ASCII), AUTH);
        assertThat(r.bodyText()).isEqualTo("{\"success\":true,\"errno\":0}");
        assertThat(service.sendmsg("", SEED_DELETE.getBytes(StandardCharsets.US_ASCII), AUTH).httpStatus()).isEqualTo(200);
    }

    @Test
    void readErrors() throws Exception {
        JsonNode unknown = json(service.be("p=nope&s=nope&return_count=10&trigger_list=a:1", AUTH));
        assertThat(unknown.path("errorCode").asInt()).isEqualTo(3);
        assertThat(unknown.path("errorMessage").asText()).contains("nope");
        JsonNode badTrigger = json(service.be("p=test_x2i_biz&s=test_x2i_biz&return_count=10&trigger_list=a:x", AUTH));
        assertThat(badTrigger.path("errorCode").asInt()).isEqualTo(2);
        assertThat(badTrigger.path("errorMessage").asText()).contains("bad trigger_list");
        JsonNode emptyKey = json(service.be("p=test_x2i_biz&s=test_x2i_biz&return_count=10&trigger_list=:1", AUTH));
        assertThat(emptyKey.path("errorCode").asInt()).isEqualTo(2);
        for (String rc : new String[] {"abc", "0", "-1", "1.5"}) {
            JsonNode badCount = json(service.be("p=test_x2i_biz&s=test_x2i_biz&return_count=" + rc + "&trigger_list=a:1", AUTH));
            assertThat(badCount.path("errorCode").asInt()).as(rc).isEqualTo(2);
            assertThat(badCount.path("errorMessage").asText()).contains("return_count");
        }
        JsonNode dims = json(service.be("p=test_vec_biz&s=test_vec_biz&return_count=10&trigger_list=0.1,0.2", AUTH));
        assertThat(dims.path("errorCode").asInt()).isEqualTo(2);
        assertThat(dims.path("errorMessage").asText()).contains("30");
        JsonNode missing = json(service.be("p=test_x2i_biz&s=test_x2i_biz&return_count=10", AUTH));
        assertThat(missing.path("errorCode").asInt()).isEqualTo(2);
        JsonNode badEscape = json(service.be("p=test_x2i_biz&trigger_list=%zz", AUTH));
        assertThat(badEscape.path("errorCode").asInt()).isEqualTo(2);
        assertThat(unknown.has("matchItems")).isFalse();
    }

    @Test
    void writeErrors() throws Exception {
        WireResponse unknownTable = service.sendmsg("table=nope&h=1&msg=CMD%3Ddelete%1F%0Aid%3D1%1F%0A", null, AUTH);
        assertThat(unknownTable.httpStatus()).isEqualTo(400);
        JsonNode u = json(unknownTable);
        assertThat(u.path("errno").asInt()).isEqualTo(1);
        assertThat(u.path("errmsg").asText()).contains("unknown table 'nope'");
        JsonNode missingField = json(service.sendmsg(
                "table=detail_test_inc_table&h=1&msg=CMD%3Dadd%1F%0Aid%3D9%1F%0Aauthor%3Dx%1F%0A", null, AUTH));
        assertThat(missingField.path("errno").asInt()).isEqualTo(1);
        assertThat(missingField.path("errmsg").asText()).contains("missing field");
        JsonNode malformed = json(service.sendmsg("table=detail_test_inc_table&h=1&msg=id%3D9%1F%0A", null, AUTH));
        assertThat(malformed.path("errmsg").asText()).contains("malformed msg");
        JsonNode noEq = json(service.sendmsg("table=detail_test_inc_table&h=1&msg=CMD%3Dadd%1F%0Aoops%1F%0A", null, AUTH));
        assertThat(noEq.path("errmsg").asText()).contains("malformed msg");
        JsonNode badCmd = json(service.sendmsg("table=detail_test_inc_table&h=1&msg=CMD%3Dupsert%1F%0Aid%3D1%1F%0A", null, AUTH));
        assertThat(badCmd.path("errmsg").asText()).contains("CMD=add or CMD=delete");
        JsonNode noPk = json(service.sendmsg("table=detail_test_inc_table&h=1&msg=CMD%3Ddelete%1F%0Aauthor%3D1%1F%0A", null, AUTH));
        assertThat(noPk.path("errmsg").asText()).contains("primary key");
        JsonNode noTable = json(service.sendmsg("h=1&msg=CMD%3Ddelete%1F%0Aid%3D1%1F%0A", null, AUTH));
        assertThat(noTable.path("errmsg").asText()).contains("missing table");
    }

    @Test
    void unauthorized() throws Exception {
        for (String auth : new String[] {null, "", basic("aime", "wrong"), basic("nobody", "change-me"), "Basic !!!",
                "Bearer abc"}) {
            WireResponse be = service.be(SEED_X2I, auth);
            assertThat(be.httpStatus()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(json(be).path("errorCode").asInt()).isEqualTo(401);
            WireResponse w = service.sendmsg(SEED_DELETE, null, auth);
            assertThat(w.httpStatus()).isEqualTo(401);
            assertThat(json(w).path("errno").asInt()).isEqualTo(1);
        }
    }

    @Test
    void deletedNeverReturnedAddedVisibleAtOnce() throws Exception {
        String q = "p=test_x2i_biz&s=test_x2i_biz&return_count=10&trigger_list=trigger_key:1";
        assertThat(json(service.be(q, AUTH)).path("matchItems").path("fieldValues").size()).isEqualTo(3);
        // x2i pair delete, then re-add with a new score
        assertThat(service.sendmsg("table=test_x2i_biz&h=1&msg=" + msg("delete", "trigger_id", "trigger_key", "item_id", "1001"),
                null, AUTH).httpStatus()).isEqualTo(200);
        assertThat(ids(service.be(q, AUTH))).doesNotContain("1001");
        service.sendmsg("table=test_x2i_biz&h=1&msg=" + msg("add", "trigger_id", "trigger_key", "item_id", "1001", "score", "5"),
                null, AUTH);
        assertThat(ids(service.be(q, AUTH)).get(0)).isEqualTo("1001");
        // an item deleted from the detail table disappears from the services that join it
        service.sendmsg("table=item_detail&h=1&msg=" + msg("delete", "id", "1001"), null, AUTH);
        assertThat(ids(service.be(q, AUTH))).doesNotContain("1001");
        service.sendmsg("table=item_detail&h=1&msg=" + msg("add", "id", "1001", "title", "title_4"), null, AUTH);
        assertThat(ids(service.be(q, AUTH)).get(0)).isEqualTo("1001");
        // vector add and delete
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            v.append(i == 0 ? "" : ",").append("10");
        }
        String vq = "p=test_vec_biz&s=test_vec_biz&return_count=3&trigger_list=" + v;
        service.sendmsg("table=item_detail&h=1&msg=" + msg("add", "id", "new_item", "title", "fresh"), null, AUTH);
        assertThat(service.sendmsg("table=test_vec_biz&h=1&msg=" + msg("add", "id", "new_item", "embedding", v.toString()),
                null, AUTH).httpStatus()).isEqualTo(200);
        assertThat(ids(service.be(vq, AUTH)).get(0)).isEqualTo("new_item");
        service.sendmsg("table=test_vec_biz&h=1&msg=" + msg("delete", "id", "new_item"), null, AUTH);
        assertThat(ids(service.be(vq, AUTH))).doesNotContain("new_item");
        service.sendmsg("table=item_detail&h=1&msg=" + msg("delete", "id", "new_item"), null, AUTH);
        // back to the file's data for the other tests
        service.sendmsg("table=test_x2i_biz&h=1&msg=" + msg("add", "trigger_id", "trigger_key", "item_id", "1001", "score",
                "0.000001"), null, AUTH);
    }

    @Test
    void snakeCaseReplies(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x.csv"), "trigger_id,item_id,score\na,1,0.5\n");
        Files.writeString(dir.resolve("c.json"), "{\"MatchEngineConf\":{\"ReplyStyle\":\"snake\",\"Tables\":["
                + "{\"Name\":\"s\",\"Kind\":\"x2i\",\"Path\":\"x.csv\"}]}}");
        try (MatchService s = MatchService.build(ConfigLoader.load(dir.resolve("c.json")))) {
            JsonNode body = json(new AimeApi(s).be("p=s&s=s&return_count=5&trigger_list=a:2", null));
            assertThat(body.path("error_code").asInt()).isEqualTo(0);
            assertThat(texts(body.path("match_items").path("field_names")))
                    .containsExactly("__score__", "id", "match_type", "score", "trigger_id", "trigger_score");
            assertThat(texts(body.path("match_items").path("field_values").get(0)))
                    .containsExactly("1.0", "1", "1", "0.5", "a", "2.0");
        }
    }

    static String msg(String cmd, String... kv) {
        StringBuilder sb = new StringBuilder("CMD%3D").append(cmd).append("%1F%0A");
        for (int i = 0; i < kv.length; i += 2) {
            sb.append(MatchQuery.encode(kv[i])).append("%3D").append(MatchQuery.encode(kv[i + 1])).append("%1F%0A");
        }
        return sb.toString();
    }

    static List<String> ids(WireResponse r) throws IOException {
        JsonNode body = json(r);
        List<String> names = texts(body.path("matchItems").path("fieldNames"));
        int idx = names.indexOf("id");
        List<String> out = new ArrayList<>();
        body.path("matchItems").path("fieldValues").forEach(row -> out.add(row.get(idx).asText()));
        return out;
    }
}
