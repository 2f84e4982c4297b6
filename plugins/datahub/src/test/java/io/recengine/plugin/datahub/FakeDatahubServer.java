package io.recengine.plugin.datahub;

import com.aliyun.datahub.client.model.protobuf.DatahubProtos;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-test DataHub that speaks the REST + framed protobuf protocol the SDK uses
 * ({@code reference/protocols.md} §2.3): get/create topic, list shards, put records by shard (PB), with
 * records stored per shard and injectable faults (HTTP 500, {@code LimitExceeded}).
 */
final class FakeDatahubServer implements AutoCloseable {

    enum Fault { NONE, SERVER_ERROR, LIMIT_EXCEEDED }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, String> schemas = new ConcurrentHashMap<>();
    /** Stored records: field name -> value text, in arrival order, with the shard id under "_shard". */
    final List<Map<String, String>> records = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger failedPuts = new AtomicInteger();
    volatile Fault fault = Fault.NONE;

    FakeDatahubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/projects/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String[] p = ex.getRequestURI().getPath().split("/");
            // /projects/{p}/topics/{t}[/shards[/{id}]]
            String key = p[2] + "/" + p[4];
            String method = ex.getRequestMethod();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (p.length == 5 && method.equals("GET")) {
                String schema = schemas.get(key);
                if (schema == null) {
                    json(ex, 404, Map.of("ErrorCode", "NoSuchTopic", "ErrorMessage", "The specified topic name does not exist."));
                    return;
                }
                json(ex, 200, Map.of("ShardCount", 6, "Lifecycle", 3, "RecordType", "TUPLE", "RecordSchema", schema,
                        "Comment", "", "CreateTime", 1700000000, "LastModifyTime", 1700000000));
            } else if (p.length == 5 && method.equals("POST")) {
                JsonNode req = JSON.readTree(body);
                schemas.put(key, req.get("RecordSchema").textValue());
                ex.sendResponseHeaders(201, -1);
            } else if (p.length == 6 && method.equals("GET")) {
                List<Map<String, Object>> shards = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    shards.add(Map.of("ShardId", Integer.toString(i), "State", "ACTIVE", "ClosedTime", 0,
                            "BeginHashKey", "00000000000000000000000000000000", "EndHashKey",
                            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "ParentShardIds", List.of()));
                }
                json(ex, 200, Map.of("Shards", shards));
            } else if (p.length == 7 && method.equals("POST")) {
                puts.incrementAndGet();
                Fault f = fault;
                if (f == Fault.SERVER_ERROR) {
                    failedPuts.incrementAndGet();
                    json(ex, 500, Map.of("ErrorCode", "InternalServerError", "ErrorMessage", "injected"));
                    return;
                }
                if (f == Fault.LIMIT_EXCEEDED) {
                    failedPuts.incrementAndGet();
                    json(ex, 429, Map.of("ErrorCode", "LimitExceeded", "ErrorMessage", "injected throttling"));
                    return;
                }
                ByteBuffer frame = ByteBuffer.wrap(body);
                byte[] magic = new byte[4];
                frame.get(magic);
                if (!"DHUB".equals(new String(magic, StandardCharsets.US_ASCII))) {
                    json(ex, 400, Map.of("ErrorCode", "InvalidParameter", "ErrorMessage", "not a DHUB frame"));
                    return;
                }
                frame.getInt(); // crc32c
                int len = frame.getInt();
                DatahubProtos.PutRecordsRequest put = DatahubProtos.PutRecordsRequest.parseFrom(
                        java.util.Arrays.copyOfRange(body, 12, 12 + len));
                List<String> fields = new ArrayList<>();
                for (JsonNode fn : JSON.readTree(schemas.get(key)).get("fields")) {
                    fields.add(fn.get("name").textValue());
                }
                for (DatahubProtos.RecordEntry e : put.getRecordsList()) {
                    Map<String, String> rec = new LinkedHashMap<>();
                    for (int i = 0; i < e.getData().getDataCount(); i++) {
                        DatahubProtos.FieldData fd = e.getData().getData(i);
                        rec.put(fields.get(i), fd.hasValue() ? fd.getValue().toStringUtf8() : null);
                    }
                    rec.put("_shard", p[6]);
                    records.add(rec);
                }
                byte[] reply = DatahubProtos.PutRecordsResponse.newBuilder().setFailedCount(0).build().toByteArray();
                ByteBuffer out = ByteBuffer.allocate(12 + reply.length);
                out.put("DHUB".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(reply.length).put(reply);
                ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                ex.getResponseHeaders().add("x-datahub-request-id", "fake");
                ex.sendResponseHeaders(200, out.capacity());
                ex.getResponseBody().write(out.array());
            } else {
                json(ex, 400, Map.of("ErrorCode", "InvalidParameter", "ErrorMessage", method + " " + ex.getRequestURI()));
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("x-datahub-request-id", "fake");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
