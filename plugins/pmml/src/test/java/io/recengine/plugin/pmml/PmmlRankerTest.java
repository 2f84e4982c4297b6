package io.recengine.plugin.pmml;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.ConfigException;
import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The embedded PMML ranker on the two committed test models, worked by hand. */
class PmmlRankerTest {

    static final Path MODELS = Path.of("src", "test", "resources", "models").toAbsolutePath();

    static PluginContext context() {
        return TestPluginContext.builder().baseDir(MODELS).build();
    }

    static Ranker ranker(String file, Map<String, Object> outputs) {
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("ModelPath", file);
        if (outputs != null) {
            conf.put("Outputs", outputs);
        }
        return new PmmlRankerFactory().create(ComponentConfig.of("AlgoConfs[0]",
                Map.of("Name", "m", "Type", "PMML", "PMMLConf", conf)), context());
    }

    static double sigmoid(double y) {
        return 1 / (1 + Math.exp(-y));
    }

    /** Item i: price 9.5 (i0), 3 (i1), missing (i2); cate c1, c9, c2; the user's age 30 unless the item has one. */
    static RankRequest request() {
        User u = new User("u1");
        u.setProperty("age", 30);
        List<Item> items = new ArrayList<>();
        Item a = new Item("i0", "r", 1);
        a.setProperty("price", 9.5);
        a.setProperty("cate", "c1");
        Item b = new Item("i1", "r", 1);
        b.setProperty("price", "3");
        b.setProperty("cate", "c9");
        b.setProperty("age", 20L);
        Item c = new Item("i2", "r", 1);
        c.setProperty("cate", "c2");
        c.setProperty("age", 40.0);
        items.add(a);
        items.add(b);
        items.add(c);
        return new RankRequest(RecContext.builder("r").build(), u, items, List.of(), null, 0);
    }

    @Test
    void logisticRegressionByHand() {
        List<ItemScores> s = ranker("ctr_lr.pmml", null).score(request());
        assertThat(s.get(0).single()).isCloseTo(sigmoid(-1 + 0.6 - 0.95 + 0.5), within(1e-12));
        assertThat(s.get(1).single()).isCloseTo(sigmoid(-1 + 0.4 - 0.3), within(1e-12));
        // price missing: a numeric predictor without a value makes no prediction, scored 0
        assertThat(s.get(2).single()).isZero();
        // named outputs: an OutputField, a probability, the predicted value (the winning class's probability)
        s = ranker("ctr_lr.pmml", Map.of("a", "p_click", "b", "probability(0)", "c", "predictedValue")).score(request());
        assertThat(s.get(0).scores().get("a")).isCloseTo(sigmoid(-0.85), within(1e-12));
        assertThat(s.get(0).scores().get("b")).isCloseTo(1 - sigmoid(-0.85), within(1e-12));
        assertThat(s.get(0).scores().get("c")).isCloseTo(1 - sigmoid(-0.85), within(1e-12));
    }

    @Test
    void treeEnsembleByHand() {
        List<ItemScores> s = ranker("ctr_gbdt.pmml", null).score(request());
        // i0: age 30 -> -0.2; c1 in set -> 0.4; price 9.5 -> 0.2; base 0.1
        assertThat(s.get(0).single()).isCloseTo(sigmoid(-0.2 + 0.4 + 0.2 + 0.1), within(1e-12));
        // i1: age 20 -> 0.3; c9 not in set, price 3 <= 5 -> 0.1; 0.2; base 0.1
        assertThat(s.get(1).single()).isCloseTo(sigmoid(0.3 + 0.1 + 0.2 + 0.1), within(1e-12));
        // i2: age 40 -> -0.2; c2 -> 0.4; price missing -> 0.05; base 0.1
        assertThat(s.get(2).single()).isCloseTo(sigmoid(-0.2 + 0.4 + 0.05 + 0.1), within(1e-12));
        s = ranker("ctr_gbdt.pmml", Map.of("p", "prob_1")).score(request());
        assertThat(s.get(2).scores().get("p")).isCloseTo(sigmoid(0.35), within(1e-12));
    }

    @Test
    void thousandCandidates() {
        Ranker lr = ranker("ctr_lr.pmml", null);
        Ranker gbdt = ranker("ctr_gbdt.pmml", null);
        assertThat(lr.inProcess()).isTrue();
        User u = new User("u1");
        u.setProperty("age", 30);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Item it = new Item("i" + i, "r", 1);
            it.setProperty("price", (double) (i % 50));
            it.setProperty("cate", "c" + (i % 4));
            items.add(it);
        }
        RankRequest r = new RankRequest(RecContext.builder("r").build(), u, items, List.of(), null, 0);
        List<ItemScores> a = lr.score(r);
        List<ItemScores> b = gbdt.score(r);
        assertThat(a).hasSize(1000);
        assertThat(b).hasSize(1000);
        // item 21: price 21, cate c1
        assertThat(a.get(21).single()).isCloseTo(sigmoid(-1 + 0.6 - 2.1 + 0.5), within(1e-12));
        assertThat(b.get(21).single()).isCloseTo(sigmoid(-0.2 + 0.4 - 0.5 + 0.1), within(1e-12));
    }

    @Test
    void modelsThatDoNotParseAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> ranker("broken.pmml", null)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo("PMMLConf.ModelPath")).hasMessageContaining("broken.pmml")
                .hasMessageContaining("not well-formed XML");
        assertThatThrownBy(() -> ranker("neural.pmml", null)).hasMessageContaining("<NeuralNetwork> is not supported");
        assertThatThrownBy(() -> ranker("missing.pmml", null)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ranker("ctr_lr.pmml", Map.of("x", "nope"))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo("PMMLConf.Outputs.x")).hasMessageContaining("[p_click]");
        assertThat(new PmmlRankerFactory().check(ComponentConfig.of("AlgoConfs[0]", Map.of("Name", "m", "Type", "PMML"))))
                .extracting(ConfigException::key).containsExactly("PMMLConf.ModelPath");
        assertThat(new PmmlRankerFactory().check(ComponentConfig.of("AlgoConfs[0]", Map.of("Name", "m", "Type", "EAS",
                "EasConf", Map.of("Processor", "PMML", "Url", "http://h/api/predict/p", "ResponseFuncName", "nope")))))
                .extracting(ConfigException::key).containsExactly("EasConf.ResponseFuncName");
    }

    @Test
    void xmlEntitiesAreNotExpanded() {
        String doc = "<?xml version=\"1.0\"?><!DOCTYPE PMML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><PMML>&x;</PMML>";
        assertThatThrownBy(() -> PmmlModel.parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not well-formed");
    }

    @Test
    void arrayTokensHonourQuotes() {
        assertThat(PmmlModel.tokens(" a \"b c\"  d\\\"")).containsExactly("a", "b c", "d\\\"");
    }
}
