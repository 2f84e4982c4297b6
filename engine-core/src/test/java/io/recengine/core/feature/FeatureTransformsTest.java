package io.recengine.core.feature;

import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.recengine.core.feature.TestConfigs.conf;
import static io.recengine.core.feature.TestConfigs.fixedLocal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class FeatureTransformsTest {

    // Wednesday 2024-07-17 09:30 local: hour 9, weekday 2, month 7, ISO week 29
    private static final Clock CLOCK = fixedLocal(2024, 7, 17, 9, 30);

    private RecContext ctx;
    private User user;
    private Item item1;
    private Item item2;
    private List<Item> items;

    @BeforeEach
    void setUp() {
        Map<String, Object> features = new HashMap<>();
        features.put("city", "hz");
        features.put("age", 31);
        ctx = RecContext.builder("req-1").sceneId("home").features(features).build();
        user = new User("u1");
        user.setProperty("gender", "male");
        user.setProperty("age", 30);
        user.setProperty("score", 1.5);
        item1 = new Item("123", "mind", 0.5);
        item1.setProperty("category", "movie");
        item1.setProperty("price", 3.7);
        item2 = new Item("456", "hot", 0.4);
        item2.setProperty("category", "book");
        item2.setProperty("price", 10);
        items = List.of(item1, item2);
    }

    private void apply(String json) {
        FeatureTransforms.build(conf("FeatureConfs.home.FeatureLoadConfs[0].Features[0]", json), CLOCK)
                .apply(ctx, user, items);
    }

    // ---- raw_feature

    @Test
    void rawUserCopiesAsText() {
        apply("{'FeatureType':'raw_feature','FeatureName':'user_age','FeatureSource':'user:age','FeatureStore':'user'}");
        assertThat(user.property("user_age")).isEqualTo("30");
        assertThat(user.property("age")).isEqualTo(30);
        apply("{'FeatureType':'raw_feature','FeatureName':'s','FeatureSource':'user:score'}");
        assertThat(user.property("s")).isEqualTo("1.5");
    }

    @Test
    void rawUserMissingSourceWritesEmptyTextAndRemoveDeletesSource() {
        apply("{'FeatureType':'raw_feature','FeatureName':'x','FeatureSource':'user:missing'}");
        assertThat(user.property("x")).isEqualTo("");
        apply("{'FeatureType':'raw_feature','FeatureName':'sex','FeatureSource':'user:gender','RemoveFeatureSource':true}");
        assertThat(user.property("sex")).isEqualTo("male");
        assertThat(user.properties()).doesNotContainKey("gender");
    }

    @Test
    void rawUserIgnoresNormalizerAndReadsUserEvenWithItemPrefix() {
        apply("{'FeatureType':'raw_feature','FeatureName':'g','FeatureSource':'item:gender','Normalizer':'hour_in_day'}");
        assertThat(user.property("g")).isEqualTo("male");
    }

    @Test
    void featureValueReplacesFeatureSource() {
        apply("{'FeatureType':'raw_feature','FeatureName':'v','FeatureSource':'user:gender','FeatureValue':'user:age'}");
        assertThat(user.property("v")).isEqualTo("30");
    }

    @Test
    void rawItemFromItemSourceAsTextWithRemove() {
        apply("{'FeatureType':'raw_feature','FeatureName':'cat','FeatureSource':'item:category',"
                + "'FeatureStore':'item','RemoveFeatureSource':true}");
        assertThat(item1.properties()).contains(entry("cat", "movie")).doesNotContainKey("category");
        assertThat(item2.properties()).contains(entry("cat", "book")).doesNotContainKey("category");
        apply("{'FeatureType':'raw_feature','FeatureName':'p','FeatureSource':'item:price','FeatureStore':'item'}");
        assertThat(item1.property("p")).isEqualTo("3.7");
        assertThat(item2.property("p")).isEqualTo("10");
    }

    @Test
    void rawItemFromItemSourceAppliesNormalizer() {
        apply("{'FeatureType':'raw_feature','FeatureName':'h','FeatureSource':'item:category',"
                + "'FeatureStore':'item','Normalizer':'hour_in_day'}");
        assertThat(item1.property("h")).isEqualTo(9);
        assertThat(item2.property("h")).isEqualTo(9);
    }

    @Test
    void rawItemFromUserSourceReachesEveryItemThenRemovesFromUser() {
        apply("{'FeatureType':'raw_feature','FeatureName':'ug','FeatureSource':'user:gender',"
                + "'FeatureStore':'item','RemoveFeatureSource':true,'Normalizer':'hour_in_day'}");
        assertThat(item1.property("ug")).isEqualTo("male");
        assertThat(item2.property("ug")).isEqualTo("male");
        assertThat(user.properties()).doesNotContainKey("gender");
    }

    @Test
    void rawWithoutColonDoesNothing() {
        // build() refuses such a source (see FeatureStageCheckTest); PAI-Rec skips it at run time
        FeatureTransforms.RawFeature t = new FeatureTransforms.RawFeature("v2", null, false, null, false);
        t.apply(ctx, user, items);
        assertThat(user.properties()).doesNotContainKey("v2");
    }

    // ---- compose_feature

    @Test
    void composeUser() {
        apply("{'FeatureType':'compose_feature','FeatureName':'ga','FeatureSource':'user:gender,user:age,user:none'}");
        assertThat(user.property("ga")).isEqualTo("_male_30_");
        apply("{'FeatureType':'compose_feature','FeatureName':'ga2','FeatureSource':'user:gender,user:age',"
                + "'RemoveFeatureSource':true}");
        assertThat(user.property("ga2")).isEqualTo("_male_30");
        assertThat(user.properties()).doesNotContainKeys("gender", "age");
    }

    @Test
    void composeItemWithUserAndItemSources() {
        apply("{'FeatureType':'compose_feature','FeatureName':'compose_feature','FeatureStore':'item',"
                + "'FeatureSource':'user:gender,item:category'}");
        assertThat(item1.property("compose_feature")).isEqualTo("compose_feature_male_movie");
        assertThat(item2.property("compose_feature")).isEqualTo("compose_feature_male_book");
    }

    @Test
    void composeItemWithItemIdAndRemove() {
        apply("{'FeatureType':'compose_feature','FeatureName':'cf','FeatureStore':'item',"
                + "'FeatureSource':'user:uid,item:id,item:category','RemoveFeatureSource':true}");
        assertThat(item1.property("cf")).isEqualTo("cf_u1_123_movie");
        assertThat(item2.property("cf")).isEqualTo("cf_u1_456_book");
        assertThat(item1.properties()).doesNotContainKey("category");
        assertThat(user.property("uid")).isEqualTo("u1"); // user sources are never removed on the item side
    }

    // ---- batch_raw_feature

    @Test
    void batchRawUser() {
        apply("{'FeatureType':'batch_raw_feature','FeatureName':'g2,a2','FeatureSource':'user:gender,user:age',"
                + "'RemoveFeatureSource':true}");
        assertThat(user.properties()).contains(entry("g2", "male"), entry("a2", "30"), entry("gender", "male"));
    }

    @Test
    void batchRawItem() {
        apply("{'FeatureType':'batch_raw_feature','FeatureStore':'item','FeatureName':'ug,ic,ip',"
                + "'FeatureSource':'user:gender,item:category,item:price'}");
        assertThat(item1.properties()).contains(entry("ug", "male"), entry("ic", "movie"), entry("ip", "3.7"));
        assertThat(item2.properties()).contains(entry("ug", "male"), entry("ic", "book"), entry("ip", "10"));
    }

    // ---- delete_feature

    @Test
    void deleteUser() {
        apply("{'FeatureType':'delete_feature','FeatureSource':'user:gender,age'}");
        assertThat(user.properties()).containsOnlyKeys("uid", "score");
    }

    @Test
    void deleteItemUsesTheTargetSideWhateverThePrefix() {
        apply("{'FeatureType':'delete_feature','FeatureStore':'item','FeatureSource':'item:category,user:price'}");
        assertThat(item1.properties()).isEmpty();
        assertThat(item2.properties()).isEmpty();
        assertThat(user.properties()).containsKeys("gender", "age");
    }

    // ---- new_feature

    @Test
    void newFeatureUserTimeNormalizers() {
        apply("{'FeatureType':'new_feature','FeatureName':'hour','Normalizer':'hour_in_day'}");
        apply("{'FeatureType':'new_feature','FeatureName':'wd','Normalizer':'weekday'}");
        apply("{'FeatureType':'new_feature','FeatureName':'m','Normalizer':'month'}");
        apply("{'FeatureType':'new_feature','FeatureName':'w','Normalizer':'week','FeatureStore':'user'}");
        assertThat(user.properties()).contains(entry("hour", 9), entry("wd", 2), entry("m", 7), entry("w", 29));
    }

    @Test
    void newFeatureUserRandom() {
        apply("{'FeatureType':'new_feature','FeatureName':'r','Normalizer':'random'}");
        assertThat(user.property("r")).isInstanceOf(Integer.class);
        assertThat((Integer) user.property("r")).isBetween(0, 99);
    }

    @Test
    void newFeatureUserConstValueIsFeatureValueElseFeatureSource() {
        apply("{'FeatureType':'new_feature','FeatureName':'c','Normalizer':'const_value','FeatureValue':'abc',"
                + "'FeatureSource':'user:gender'}");
        assertThat(user.property("c")).isEqualTo("abc");
        apply("{'FeatureType':'new_feature','FeatureName':'c2','Normalizer':'const_value','FeatureSource':'xyz'}");
        assertThat(user.property("c2")).isEqualTo("xyz");
    }

    @Test
    void newFeatureItem() {
        apply("{'FeatureType':'new_feature','FeatureName':'hour','Normalizer':'hour_in_day','FeatureStore':'item'}");
        apply("{'FeatureType':'new_feature','FeatureName':'wd','Normalizer':'weekday','FeatureStore':'item'}");
        apply("{'FeatureType':'new_feature','FeatureName':'m','Normalizer':'month','FeatureStore':'item'}");
        apply("{'FeatureType':'new_feature','FeatureName':'w','Normalizer':'week','FeatureStore':'item'}");
        apply("{'FeatureType':'new_feature','FeatureName':'r','Normalizer':'random','FeatureStore':'item'}");
        for (Item it : items) {
            assertThat(it.properties()).contains(entry("hour", 9), entry("wd", 2), entry("m", 7), entry("w", 29));
            assertThat((Integer) it.property("r")).isBetween(0, 99);
        }
        assertThat(user.properties()).doesNotContainKeys("hour", "r");
    }

    @Test
    void newFeatureItemConstValueYieldsNoValueAsInPaiRec() {
        item1.setProperty("c", "old");
        apply("{'FeatureType':'new_feature','FeatureName':'c','Normalizer':'const_value','FeatureValue':'abc',"
                + "'FeatureStore':'item'}");
        assertThat(item1.properties()).doesNotContainKey("c");
        assertThat(item2.properties()).doesNotContainKey("c");
    }

    // ---- context_feature

    @Test
    void contextFeatureMergesRequestFeaturesIntoUser() {
        apply("{'FeatureType':'context_feature'}");
        assertThat(user.properties()).contains(entry("city", "hz"), entry("age", 31), entry("gender", "male"));
    }

    @Test
    void contextFeatureOnItemSideDoesNothing() {
        apply("{'FeatureType':'context_feature','FeatureStore':'item'}");
        assertThat(user.properties()).doesNotContainKey("city");
        assertThat(item1.properties()).doesNotContainKey("city");
    }

    @Test
    void keysAreCaseInsensitive() {
        apply("{'featuretype':'raw_feature','featurename':'x','featuresource':'user:gender'}");
        assertThat(user.property("x")).isEqualTo("male");
    }

    @Test
    void itemSideTransformsWithoutItemsDoNothing() {
        FeatureTransforms.build(conf("F", "{'FeatureType':'raw_feature','FeatureName':'ug','FeatureSource':"
                + "'user:gender','FeatureStore':'item','RemoveFeatureSource':true}"), CLOCK).apply(ctx, user, List.of());
        assertThat(user.property("gender")).isEqualTo("male");
    }
}
