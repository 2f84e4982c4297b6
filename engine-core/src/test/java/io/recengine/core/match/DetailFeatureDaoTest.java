package io.recengine.core.match;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recengine.core.config.ConfigLoader;
import io.recengine.spi.ComponentConfig;
import io.recengine.spi.FeatureDao;
import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import io.recengine.spi.match.MatchEngine;
import io.recengine.testkit.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The {@code detail_table} DAO joins the table's shared rows to items, seen through the selected fields. */
class DetailFeatureDaoTest {

    @Test
    void joinsSelectedFieldsByReferenceAndUpdatesBringNewRows(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("item_detail.csv"), "id,title,category,year\n1,Heat,crime,1995\n2,Up,family,2009\n");
        Path conf = dir.resolve("conf.json");
        new ObjectMapper().writeValue(conf.toFile(), Map.of("MatchEngineConf", Map.of("Tables", List.of(
                Map.of("Name", "item_detail", "Kind", "detail", "Path", "item_detail.csv", "PrimaryKey", "id")))));
        try (MatchService match = MatchService.build(ConfigLoader.load(conf))) {
            MatchEngine engine = match.engine();
            FeatureDao dao = new MatchPlugin().featureDaoFactories().get(0).create(ComponentConfig.of("FeatureDaoConf",
                    Map.of("AdapterType", "detail_table", "DetailTable", "item_detail", "FeatureStore", "item",
                            "ItemSelectFields", "category, title, nope")), TestPluginContext.builder()
                    .service(MatchEngine.class, engine).build());
            RecContext ctx = RecContext.builder("r").sceneId("s").size(10).build();
            Item heat = new Item("1", "u2i", 0.5);
            heat.setProperty("title", "from the recall");
            heat.setProperty("score", 0.5);
            Item missing = new Item("3", "u2i", 0.1);
            dao.loadItemFeatures(ctx, new User("u"), List.of(heat, missing));

            assertThat(heat.properties()).containsOnly(entry("score", 0.5), entry("category", "crime"),
                    entry("title", "Heat"));
            assertThat(heat.row()).isNotNull();
            assertThat(heat.row().schema().names()).containsExactly("category", "title");
            assertThat(missing.properties()).isEmpty();
            assertThat(missing.row()).isNull();

            assertThat(match.update("item_detail", "CMD=add\u001F\nid=1\u001F\ntitle=Heat (1995)\u001F\ncategory=drama"
                    + "\u001F\nyear=1995")).isEmpty();
            Item again = new Item("1", "u2i", 0.5);
            dao.loadItemFeatures(ctx, new User("u"), List.of(again));
            assertThat(again.properties()).containsOnly(entry("category", "drama"), entry("title", "Heat (1995)"));
            assertThat(heat.property("category")).as("a joined row never changes").isEqualTo("crime");
            assertThat(engine.row("item_detail", "1")).containsExactly(entry("id", "1"), entry("title", "Heat (1995)"),
                    entry("category", "drama"), entry("year", "1995"));
        }
    }
}
