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
}
