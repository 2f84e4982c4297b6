package io.recengine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The AIME routes over config-samples/aime.json: the seed's requests sent as they are, errors, 401s. */
@MicronautTest
@Property(name = EngineFactory.CONFIG_PROPERTY, value = "../config-samples/aime.json")
class AimeServerTest {

    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("aime:change-me".getBytes(StandardCharsets.UTF_8));
    static final String VECTOR = "-0.5430353283882141,-0.0292476424574852,-0.3608616292476654,-0.35043397545814514,-0.23355364799499512,-0.24787241220474243,0.27063214778900146,-0.40489235520362854,0.3900103271007538,0.54123854637146,-0.006652768235653639,0.26998400688171387,-0.08973824232816696,0.5796284079551697,0.1965138018131256,0.6804714798927307,-0.3605094254016876,-0.12562842667102814,0.543321430683136,0.4717116057872772,-0.30192506313323975,0.2214985191822052,0.1516236513853073,0.21026527881622314,-0.6978874206542969,-0.11705683171749115,0.2574385106563568,-0.3885158896446228,-0.4346419870853424,0.1547151654958725";
    static final String SEED_X2I = "/be?biz_name=searcher&p=test_x2i_biz&s=test_x2i_biz&return_count=10&outfmt=json2&trigger_list=trigger_key:1,trigger_key2:1.5";
    static final String SEED_VECTOR = "/be?biz_name=searcher&p=test_vec_biz&s=test_vec_biz&return_count=10&outfmt=json2&trigger_list=" + VECTOR;
    static final String SEED_ADD = "/sendmsg?table=detail_test_inc_table&h=2035815278&msg=CMD%3Dadd%1F%0A_item_hash_id%3D-5656019669429076362%1F%0Aauthor%3Dtest%1F%0Acategory%3D1%1F%0Acategory_level%3D5%1F%0Acategory_level1%3D1%1F%0Acategory_path%3D1_1_1_1_1%1F%0Achannel%3Dnone%1F%0Acity%3Dnone%1F%0Aclick_cnt%3D-1%1F%0Acollect_cnt%3D-1%1F%0Acomm_cnt%3D-1%1F%0Acountry%3Dnone%1F%0Adownload_cnt%3D-1%1F%0Aduration%3D-1%1F%0Aexpire_time%3D4102416000%1F%0Afeatures%3Dnone%1F%0Aid%3D-5656019669429076362%1F%0A";
    static final String SEED_DELETE = "/sendmsg?table=detail_test_inc_table&h=-71900929&msg=CMD%3Ddelete%1F%0Aid%3D-5656019669429076362%1F%0A";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<byte[]> get(String pathAndQuery, String auth) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURI() + pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static List<String> texts(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void seedReads() throws Exception {
        HttpResponse<byte[]> x2i = get(SEED_X2I, AUTH);
        assertThat(x2i.statusCode()).isEqualTo(200);
        assertThat(x2i.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = json(x2i);
        assertThat(body.path("errorCode").asInt()).isZero();
        assertThat(body.path("errorMessage").asText()).isEqualTo("none");
        assertThat(texts(body.path("matchItems").path("fieldNames")))
                .containsExactly("__score__", "title", "id", "match_type", "score", "trigger_id", "trigger_score");
        assertThat(body.path("matchItems").path("fieldValues").size()).isGreaterThanOrEqualTo(3);

        // the raw ';' between vectors reaches the engine (Netty's decoder would split there)
        HttpResponse<byte[]> vec = get(SEED_VECTOR, AUTH);
        JsonNode v = json(vec);
        assertThat(v.path("errorCode").asInt()).as(v.toString()).isZero();
        assertThat(v.path("matchItems").path("fieldValues").size()).isEqualTo(10);
        JsonNode two = json(get(SEED_VECTOR + ";" + VECTOR, AUTH));
        assertThat(two.path("errorCode").asInt()).as(two.toString()).isZero();
    }

    @Test
    void seedWritesGetAndFormPost() throws Exception {
        HttpResponse<byte[]> add = get(SEED_ADD, AUTH);
        assertThat(add.statusCode()).isEqualTo(200);
        assertThat(new String(add.body(), StandardCharsets.UTF_8)).isEqualTo("{\"success\":true,\"errno\":0}");
        HttpResponse<byte[]> del = get(SEED_DELETE, AUTH);
        assertThat(json(del).path("success").asBoolean()).isTrue();
        // form POST, as the Java SDK sends it
        String form = SEED_ADD.substring(SEED_ADD.indexOf('?') + 1);
        HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create(server.getURI() + "/sendmsg"))
                .header("Authorization", AUTH).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(json(post).path("errno").asInt()).isZero();
        assertThat(get(SEED_DELETE, AUTH).statusCode()).isEqualTo(200);
    }

    @Test
    void errorReplies() throws Exception {
        assertThat(json(get("/be?biz_name=searcher&p=nope&s=nope&return_count=10&outfmt=json2&trigger_list=a:1", AUTH))
                .path("errorCode").asInt()).isEqualTo(3);
        assertThat(json(get("/be?p=test_x2i_biz&s=test_x2i_biz&return_count=10&trigger_list=a:b", AUTH))
                .path("errorCode").asInt()).isEqualTo(2);
        assertThat(json(get("/be?p=test_x2i_biz&s=test_x2i_biz&return_count=ten&trigger_list=a:1", AUTH))
                .path("errorMessage").asText()).contains("return_count");
        HttpResponse<byte[]> unknown = get("/sendmsg?table=nope&h=1&msg=CMD%3Ddelete%1F%0Aid%3D1%1F%0A", AUTH);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("errno").asInt()).isEqualTo(1);
        assertThat(json(unknown).path("errmsg").asText()).contains("unknown table");
        assertThat(json(get("/sendmsg?table=detail_test_inc_table&h=1&msg=CMD%3Dadd%1F%0Aid%3D5%1F%0A", AUTH))
                .path("errmsg").asText()).contains("missing field");
        assertThat(json(get("/sendmsg?table=detail_test_inc_table&h=1&msg=garbage", AUTH))
                .path("errmsg").asText()).contains("malformed msg");
    }

    @Test
    void wrongOrMissingCredentialsGet401() throws Exception {
        String wrong = "Basic " + Base64.getEncoder().encodeToString("aime:nope".getBytes(StandardCharsets.UTF_8));
        for (String auth : new String[] {null, wrong}) {
            HttpResponse<byte[]> be = get(SEED_X2I, auth);
            assertThat(be.statusCode()).isEqualTo(401);
            assertThat(be.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));
            assertThat(get(SEED_DELETE, auth).statusCode()).isEqualTo(401);
        }
    }
}
