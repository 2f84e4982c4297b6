package io.recengine.core.feature;

import io.recengine.spi.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.recengine.core.feature.TestConfigs.conf;
import static org.assertj.core.api.Assertions.assertThat;

class FeatureStageCheckTest {

    private static final Set<String> ADAPTERS = Set.of("redis", "hologres");
    private static final String U = "UserFeatureConfs.home.FeatureLoadConfs[0]";
    private static final String I = "FeatureConfs.home.FeatureLoadConfs[0]";

    private static List<String> checkUser(String json) {
        return messages(FeatureStage.check(conf("UserFeatureConfs.home", json), true, ADAPTERS));
    }

    private static List<String> checkItem(String json) {
        return messages(FeatureStage.check(conf("FeatureConfs.home", json), false, ADAPTERS));
    }

    private static List<String> messages(List<ConfigException> list) {
        return list.stream().map(ConfigException::getMessage).toList();
    }

    private static String features(String... features) {
        return "{'FeatureLoadConfs':[{'FeatureDaoConf':{},'Features':[" + String.join(",", features) + "]}]}";
    }

    @Test
    void validConfigsHaveNoProblems() {
        assertThat(checkItem("""
                {'AsynLoadFeature':true,'FeatureLoadConfs':[
                 {'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'item','FeatureKey':'item:id'},'Features':[
                  {'FeatureType':'raw_feature','FeatureName':'a','FeatureSource':'item:b','FeatureStore':'item','Normalizer':'random'},
                  {'FeatureType':'compose_feature','FeatureName':'c','FeatureSource':'user:uid,item:id','FeatureStore':'item'},
                  {'FeatureType':'batch_raw_feature','FeatureName':'d,e','FeatureSource':'user:x,item:y'},
                  {'FeatureType':'delete_feature','FeatureSource':'item:a,b'},
                  {'FeatureType':'new_feature','FeatureName':'f','Normalizer':'const_value','FeatureValue':'1'},
                  {'FeatureType':'new_feature','FeatureName':'g','Normalizer':'week','FeatureStore':'item'},
                  {'FeatureType':'context_feature'}]},
                 {'FeatureDaoConf':{'AdapterType':'hologres','FeatureStore':'user'}},
                 {'FeatureDaoConf':{}}]}""")).isEmpty();
        assertThat(checkUser("{'FeatureLoadConfs':[{'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'user',"
                + "'FeatureAsyncLoad':true}}]}")).isEmpty();
        assertThat(checkItem("{}")).isEmpty();
    }

    @Test
    void unknownFeatureTypeListsKnownOnes() {
        assertThat(checkItem(features("{'FeatureType':'raw'}", "{}"))).containsExactly(
                I + ".Features[0], key FeatureType: unknown feature type \"raw\"; known: raw_feature, new_feature, "
                        + "compose_feature, batch_raw_feature, context_feature, delete_feature",
                I + ".Features[1], key FeatureType: unknown feature type \"\"; known: raw_feature, new_feature, "
                        + "compose_feature, batch_raw_feature, context_feature, delete_feature");
    }

    @Test
    void unknownNormalizersAndBadExpressions() {
        String known = "hour_in_day, weekday, month, week, random, const_value, expression, expr";
        assertThat(checkItem(features(
                "{'FeatureType':'new_feature','FeatureName':'a','Normalizer':'hour'}",
                "{'FeatureType':'new_feature','FeatureName':'b','Normalizer':'expression','Expression':'1+1'}",
                "{'FeatureType':'new_feature','FeatureName':'c','Normalizer':'expr','Expression':'1+1'}",
                "{'FeatureType':'new_feature','FeatureName':'d'}",
                "{'FeatureType':'new_feature','FeatureName':'e','Normalizer':'expr','Expression':'(1+'}",
                "{'FeatureType':'new_feature','FeatureName':'f','Normalizer':'expression'}"))).containsExactly(
                I + ".Features[0], key Normalizer: unknown normalizer \"hour\"; known: " + known,
                I + ".Features[3], key Normalizer: is required for new_feature; known: " + known,
                I + ".Features[4], key Expression: invalid expression: expression ends where an operand is "
                        + "expected at position 3 in \"(1+\"",
                I + ".Features[5], key Expression: is required for the expression normalizer");
    }

    @Test
    void unknownAdapterTypeListsKnownOnes() {
        assertThat(checkItem("{'FeatureLoadConfs':[{'FeatureDaoConf':{'AdapterType':'mongo','FeatureStore':'item'}}]}"))
                .containsExactly(I + ".FeatureDaoConf, key AdapterType: unknown adapter type \"mongo\"; "
                        + "known: hologres, redis");
        assertThat(messages(FeatureStage.check(conf("FeatureConfs.home",
                "{'FeatureLoadConfs':[{'FeatureDaoConf':{'AdapterType':'redis'}}]}"), false, Set.of())))
                .containsExactly(I + ".FeatureDaoConf, key AdapterType: unknown adapter type \"redis\"; known: (none)");
    }

    @Test
    void userStageRequiresUserFeatureStore() {
        assertThat(checkUser("""
                {'FeatureLoadConfs':[
                  {'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'item'}},
                  {'FeatureDaoConf':{}}]}""")).containsExactly(
                U + ".FeatureDaoConf, key FeatureStore: must be \"user\" in UserFeatureConfs (PAI-Rec refuses to "
                        + "start otherwise), got \"item\"",
                "UserFeatureConfs.home.FeatureLoadConfs[1].FeatureDaoConf, key FeatureStore: must be \"user\" in "
                        + "UserFeatureConfs (PAI-Rec refuses to start otherwise), got \"\"");
    }

    @Test
    void featureStoreMustBeUserOrItem() {
        assertThat(checkItem("{'FeatureLoadConfs':[{'FeatureDaoConf':{'AdapterType':'redis','FeatureStore':'items'},"
                + "'Features':[{'FeatureType':'context_feature','FeatureStore':'User'}]}]}")).containsExactly(
                I + ".FeatureDaoConf, key FeatureStore: must be \"user\" or \"item\", got \"items\"",
                I + ".Features[0], key FeatureStore: must be \"user\" or \"item\", got \"User\"");
    }

    @Test
    void batchRawLengthMismatch() {
        assertThat(checkItem(features(
                "{'FeatureType':'batch_raw_feature','FeatureName':'a,b,c','FeatureSource':'user:x,item:y'}")))
                .containsExactly(I + ".Features[0], key FeatureName: lists 3 name(s) but FeatureSource lists 2 "
                        + "source(s); batch_raw_feature pairs them one to one");
    }

    @Test
    void badSourcePrefixes() {
        assertThat(checkItem(features(
                "{'FeatureType':'raw_feature','FeatureName':'a','FeatureSource':'users:x'}",
                "{'FeatureType':'compose_feature','FeatureName':'b','FeatureSource':'user:x, item:y'}",
                "{'FeatureType':'raw_feature','FeatureName':'c','FeatureSource':'user:x','FeatureValue':'abc'}",
                "{'FeatureType':'batch_raw_feature','FeatureName':'d','FeatureSource':'ctx:z'}",
                "{'FeatureType':'delete_feature','FeatureSource':'foo:x,,y'}",
                "{'FeatureType':'raw_feature','FeatureName':'e','FeatureSource':'item:'}"))).containsExactly(
                I + ".Features[0], key FeatureSource: entry \"users:x\" of \"users:x\" must be user:<property> or "
                        + "item:<property>",
                I + ".Features[1], key FeatureSource: entry \" item:y\" of \"user:x, item:y\" must be user:<property> "
                        + "or item:<property>",
                I + ".Features[2], key FeatureValue: entry \"abc\" of \"abc\" must be user:<property> or item:<property>",
                I + ".Features[3], key FeatureSource: entry \"ctx:z\" of \"ctx:z\" must be user:<property> or "
                        + "item:<property>",
                I + ".Features[4], key FeatureSource: entry \"foo:x\" of \"foo:x,,y\" must be a property name, "
                        + "user:<property> or item:<property>",
                I + ".Features[4], key FeatureSource: entry \"\" of \"foo:x,,y\" must be a property name, "
                        + "user:<property> or item:<property>",
                I + ".Features[5], key FeatureSource: entry \"item:\" of \"item:\" must be user:<property> or "
                        + "item:<property>");
    }

    @Test
    void missingNamesAndSources() {
        assertThat(checkItem(features(
                "{'FeatureType':'raw_feature'}",
                "{'FeatureType':'delete_feature'}"))).containsExactly(
                I + ".Features[0], key FeatureName: is required",
                I + ".Features[0], key FeatureSource: is required",
                I + ".Features[1], key FeatureSource: is required for delete_feature");
    }

    @Test
    void wrongTypesAreReportedWithEverythingElse() {
        assertThat(checkItem("""
                {'AsynLoadFeature':'yes','FeatureLoadConfs':[
                  {'FeatureDaoConf':{'AdapterType':'mongo','FeatureAsyncLoad':1},
                   'Features':[{'FeatureType':'raw_feature','FeatureName':5,'FeatureSource':'user:a'}]}]}"""))
                .containsExactly(
                        "FeatureConfs.home, key AsynLoadFeature: expected true or false, got string \"yes\"",
                        I + ".FeatureDaoConf, key FeatureAsyncLoad: expected true or false, got number 1",
                        I + ".FeatureDaoConf, key AdapterType: unknown adapter type \"mongo\"; known: hologres, redis",
                        I + ".Features[0], key FeatureName: expected a string, got number 5",
                        I + ".Features[0], key FeatureName: is required");
    }
}
