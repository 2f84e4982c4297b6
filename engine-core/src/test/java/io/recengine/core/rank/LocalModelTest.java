package io.recengine.core.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recengine.spi.Item;
import io.recengine.spi.User;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LocalModelTest {

    private static final ObjectMapper M = new ObjectMapper();
    private static final int B = 64;

    private static ObjectNode base(String type) {
        ObjectNode n = M.createObjectNode();
        n.put("format", "recengine-model").put("version", 1).put("type", type).put("buckets", B).put("output", "raw");
        ArrayNode fs = n.putArray("features");
        fs.addObject().put("name", "gender").put("side", "user").put("kind", "categorical");
        fs.addObject().put("name", "age").put("side", "user").put("kind", "numeric");
        fs.addObject().put("name", "cate").put("side", "item").put("kind", "categorical");
        return n;
    }

    private static ArrayNode fill(ObjectNode n, String key, int size, double v) {
        ArrayNode a = n.putArray(key);
        for (int i = 0; i < size; i++) {
            a.add(v);
        }
        return a;
    }

    private static double[] score(LocalModel m, User u, List<Item> items) {
        double[] out = new double[items.size()];
        m.score(m.userPart(u), items, 0, items.size(), out);
        return out;
    }

    private static User user() {
        User u = new User("u1");
        u.setProperty("gender", "f");
        u.setProperty("age", 30);
        return u;
    }

    private static Item item(String id, String cate) {
        Item i = new Item(id, "r", 0);
        i.setProperty("cate", cate);
        return i;
    }

    @Test
    void lrSumsHashedWeights() {
        ObjectNode n = base("lr");
        n.put("bias", 0.5);
        ArrayNode w = fill(n, "weights", B, 0);
        w.set(LocalModel.bucketOf("gender", "f", B), M.getNodeFactory().numberNode(0.25));
        w.set(LocalModel.bucketOf("age", B), M.getNodeFactory().numberNode(0.01));
        w.set(LocalModel.bucketOf("cate", "shoes", B), M.getNodeFactory().numberNode(1.0));
        LocalModel m = LocalModel.parse(n);
        double[] s = score(m, user(), List.of(item("a", "shoes"), item("b", "hats"), new Item("c")));
        double expectHats = LocalModel.bucketOf("cate", "hats", B) == LocalModel.bucketOf("cate", "shoes", B) ? 1.0 : 0;
        assertThat(s[0]).isCloseTo(0.5 + 0.25 + 0.3 + 1.0, within(1e-6));
        assertThat(s[1]).isCloseTo(0.5 + 0.25 + 0.3 + expectHats, within(1e-6));
        assertThat(s[2]).isCloseTo(1.05, within(1e-6));
    }

    @Test
    void fmAddsPairwiseInteractions() {
        ObjectNode n = base("fm");
        n.put("factors", 2);
        fill(n, "weights", B, 0);
        fill(n, "embeddings", B * 2, 0.5);
        LocalModel m = LocalModel.parse(n);
        double[] s = score(m, user(), List.of(item("a", "x")));
        // three active inputs: gender (x=1), age (x=30), cate (x=1); every factor 0.5
        double[] x = {1, 30, 1};
        double pair = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                pair += 2 * 0.25 * x[i] * x[j];
            }
        }
        assertThat(s[0]).isCloseTo(pair, within(1e-6));
    }

    @Test
    void mlpSplitsTheFirstLayer() {
        ObjectNode n = base("mlp");
        n.put("factors", 2);
        fill(n, "embeddings", B * 2, 1.0);
        ArrayNode layers = n.putArray("layers");
        ObjectNode l0 = layers.addObject();
        ArrayNode rows = l0.putArray("weights");
        // input = gender(2) + age(1) + cate(2) = 5
        rows.addArray().add(1).add(0).add(0.1).add(0).add(0);
        rows.addArray().add(0).add(0).add(0).add(1).add(1);
        l0.putArray("bias").add(0).add(-1);
        l0.put("activation", "relu");
        ObjectNode l1 = layers.addObject();
        l1.putArray("weights").addArray().add(1).add(2);
        LocalModel m = LocalModel.parse(n);
        double[] s = score(m, user(), List.of(item("a", "x")));
        // h0 = 1 + 3 = 4, h1 = relu(2 - 1) = 1 -> 4 + 2
        assertThat(s[0]).isCloseTo(6, within(1e-6));
    }

    @Test
    void mismatchesFailAtLoadWithAClearMessage() {
        ObjectNode n = base("lr");
        fill(n, "weights", B - 1, 0);
        assertThatThrownBy(() -> LocalModel.parse(n)).hasMessage(
                "\"weights\" has 63 values but the declared \"buckets\" (64) needs 64");
        ObjectNode mlp = base("mlp");
        mlp.put("factors", 2);
        fill(mlp, "embeddings", B * 2, 1.0);
        mlp.putArray("layers").addObject().putArray("weights").addArray().add(1).add(2);
        assertThatThrownBy(() -> LocalModel.parse(mlp)).hasMessage("layers[0].weights[0] has 2 values but the layer's "
                + "input has 5 (the declared features: numeric 1 each, categorical 2 each)");
        ObjectNode v2 = base("lr");
        v2.put("version", 2);
        assertThatThrownBy(() -> LocalModel.parse(v2)).hasMessageContaining("unsupported model \"version\" 2");
        ObjectNode dup = base("lr");
        ((ArrayNode) dup.get("features")).addObject().put("name", "age").put("side", "user").put("kind", "numeric");
        assertThatThrownBy(() -> LocalModel.parse(dup)).hasMessageContaining("feature 'age' (user) is declared twice");
    }

    @Test
    void sigmoidOutputByDefault() throws Exception {
        JsonNode n = M.readTree("{\"format\":\"recengine-model\",\"version\":1,\"type\":\"lr\",\"buckets\":2,"
                + "\"features\":[{\"name\":\"a\",\"side\":\"item\"}],\"weights\":[0,0]}");
        double[] s = score(LocalModel.parse(n), new User("u"), List.of(new Item("x")));
        assertThat(s[0]).isEqualTo(0.5);
    }

    /** A model of {@code type} with random weights over user, row, own and id features. */
    private static LocalModel randomModel(String type, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        ObjectNode n = base(type);
        ArrayNode fs = (ArrayNode) n.get("features");
        fs.addObject().put("name", "price").put("side", "item").put("kind", "numeric");
        fs.addObject().put("name", "item_id").put("side", "item").put("kind", "categorical");
        fs.addObject().put("name", "recall_name").put("side", "item").put("kind", "categorical");
        fs.addObject().put("name", "tags").put("side", "item").put("kind", "categorical");
        int k = 3;
        n.put("factors", k);
        ArrayNode w = n.putArray("weights");
        ArrayNode e = n.putArray("embeddings");
        for (int i = 0; i < B; i++) {
            w.add(r.nextDouble() - 0.5);
        }
        for (int i = 0; i < B * k; i++) {
            e.add(r.nextDouble() - 0.5);
        }
        if (type.equals("mlp")) {
            n.remove("weights");
            int in = 0;
            for (JsonNode f : fs) {
                in += f.path("kind").asText().equals("numeric") ? 1 : k;
            }
            ArrayNode layers = n.putArray("layers");
            ArrayNode rows = layers.addObject().putArray("weights");
            for (int o = 0; o < 4; o++) {
                ArrayNode row = rows.addArray();
                for (int j = 0; j < in; j++) {
                    row.add(r.nextDouble() - 0.5);
                }
            }
            ArrayNode out = layers.addObject().putArray("weights").addArray();
            for (int o = 0; o < 4; o++) {
                out.add(r.nextDouble() - 0.5);
            }
        }
        if (type.equals("lr")) {
            n.remove("factors");
            n.remove("embeddings");
        }
        return LocalModel.parse(n);
    }

    /**
     * Items joined to a shared row score as items carrying the row's values as their own properties, for
     * every model type; the row's half is computed once per row; an item that overrides a row feature
     * after the join is scored from its own value.
     */
    @Test
    void joinedRowsScoreAsCopiedPropertiesAndTheirHalfIsReused() {
        io.recengine.spi.RowSchema schema = io.recengine.spi.RowSchema.of(List.of("id", "cate", "price", "tags", "title"));
        io.recengine.spi.RowSchema selected = schema.select(List.of("cate", "price", "tags"));
        List<io.recengine.spi.FeatureRow> rows = List.of(
                io.recengine.spi.FeatureRow.owning(schema, new Object[] {"a", "x", "3.5", List.of("t1", "t2"), "A"}),
                io.recengine.spi.FeatureRow.owning(schema, new Object[] {"b", "y", null, null, "B"}),
                io.recengine.spi.FeatureRow.owning(schema, new Object[] {"c", "x", "0", "t3", "C"}));
        for (String type : List.of("lr", "fm", "mlp")) {
            LocalModel m = randomModel(type, type.hashCode());
            java.util.List<Item> joined = new java.util.ArrayList<>();
            java.util.List<Item> copied = new java.util.ArrayList<>();
            for (int round = 0; round < 2; round++) { // the second round reads the kept halves
                joined.clear();
                copied.clear();
                for (io.recengine.spi.FeatureRow row : rows) {
                    String id = (String) row.get("id");
                    Item j = new Item(id, "u2i", 0.3);
                    Item c = new Item(id, "u2i", 0.3);
                    j.setProperty("recall_name", "u2i");
                    c.setProperty("recall_name", "u2i");
                    j.joinRow(row.select(selected));
                    c.setProperties(row.select(selected).asMap());
                    joined.add(j);
                    copied.add(c);
                }
                Item overridden = new Item("a", "u2i", 0.3);
                overridden.joinRow(rows.get(0).select(selected));
                overridden.setProperty("cate", "z");
                Item plain = new Item("a", "u2i", 0.3);
                plain.setProperties(rows.get(0).select(selected).asMap());
                plain.setProperty("cate", "z");
                joined.add(overridden);
                copied.add(plain);
                double[] a = score(m, user(), joined);
                double[] b = score(m, user(), copied);
                for (int i = 0; i < a.length; i++) {
                    assertThat(a[i]).as(type + " item " + i).isCloseTo(b[i], within(1e-12));
                }
                assertThat(a[3]).as(type + ": the override counts").isNotCloseTo(a[0], within(1e-9));
            }
        }
    }

    /**
     * The row's half keeps the {@code item_id} feature of the first item that read it. Items of another
     * id joined to the same row (a row found by a key property, not the id) and items that set their own
     * {@code item_id} still score as if every feature were their own property, before and after the
     * half is kept.
     */
    @Test
    void aRowSharedByItemsOfOtherIdsScoresEachByItsOwnId() {
        io.recengine.spi.RowSchema schema = io.recengine.spi.RowSchema.of(List.of("cate", "price", "tags"));
        io.recengine.spi.FeatureRow row = io.recengine.spi.FeatureRow.owning(schema, new Object[] {"x", "3.5", "t1"});
        for (String type : List.of("lr", "fm", "mlp")) {
            LocalModel m = randomModel(type, 31 * type.hashCode());
            for (int round = 0; round < 2; round++) {
                java.util.List<Item> joined = new java.util.ArrayList<>();
                java.util.List<Item> copied = new java.util.ArrayList<>();
                for (String id : List.of("first", "second", "first", "third")) {
                    Item j = new Item(id, "u2i", 0.3);
                    Item c = new Item(id, "u2i", 0.3);
                    j.joinRow(row);
                    c.setProperties(row.asMap());
                    joined.add(j);
                    copied.add(c);
                }
                Item own = new Item("first", "u2i", 0.3);
                own.joinRow(row);
                own.setProperty("item_id", "renamed");
                Item ownCopied = new Item("first", "u2i", 0.3);
                ownCopied.setProperties(row.asMap());
                ownCopied.setProperty("item_id", "renamed");
                joined.add(own);
                copied.add(ownCopied);
                double[] a = score(m, user(), joined);
                double[] b = score(m, user(), copied);
                for (int i = 0; i < a.length; i++) {
                    assertThat(a[i]).as(type + " round " + round + " item " + i).isCloseTo(b[i], within(1e-12));
                }
                if (!type.equals("mlp")) { // a random MLP's ReLUs may hide one feature; LR and FM cannot
                    assertThat(a[1]).as(type + ": another id scores differently").isNotCloseTo(a[0], within(1e-9));
                    assertThat(a[4]).as(type + ": an own item_id counts").isNotCloseTo(a[0], within(1e-9));
                }
            }
        }
    }
}
