package io.recengine.core.experiment;

import io.recengine.core.config.ConfigValidationException;
import io.recengine.spi.Item;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The experiment file's {@code traffic_control_tasks}: the A/B service's task and target objects read with
 * its field names, checked at load with every problem named by task or target and key.
 */
class TrafficControlTasksTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC);

    /** The example of docs/experiments.md. */
    static final String FILE = """
            {"scenes": [],
             "traffic_control_tasks": [
              {"TrafficControlTaskId": "11", "Name": "new arrivals", "SceneName": "home_feed",
               "EffectiveSceneNames": ["detail_feed"], "ProductStatus": "Running", "ExecutionTime": "TimeRange",
               "StartTime": "2026-03-01T00:00:00+08:00", "EndTime": "2026-04-01T00:00:00+08:00",
               "ControlType": "Percent", "ControlGranularity": "Global", "ControlLogic": "Guaranteed",
               "UserConditionExpress": "age >= 18",
               "ItemConditionArray": "[{\\"field\\":\\"status\\",\\"type\\":\\"STRING\\",\\"option\\":\\"=\\",\\"value\\":\\"on\\"}]",
               "ProdExperimentIds": "7,8",
               "TrafficControlTargets": [
                {"TrafficControlTargetId": "101", "Name": "new items 20%", "Value": 20, "ToleranceValue": 5,
                 "StartTime": "2026-03-01T00:00:00+08:00", "EndTime": "2026-04-01T00:00:00+08:00",
                 "StatisPeriod": "Daily", "Status": "Opened",
                 "ItemConditionArray": "[{\\"field\\":\\"category\\",\\"type\\":\\"STRING\\",\\"option\\":\\"in\\",\\"value\\":\\"shoes,bags\\"}]",
                 "ItemConditionExpress": "publish_time > ${current_time} - 86400",
                 "SplitParts": {"TimePoints": [1440], "SetValues": [20]}}]},
              {"TrafficControlTaskId": "12", "Name": "push brand", "SceneName": "home_feed", "ProductStatus": "Running",
               "ExecutionTime": "Permanent", "ControlType": "Quantity", "ControlGranularity": "Single",
               "TrafficControlTargets": [
                {"TrafficControlTargetId": "102", "Value": 5000, "StatisPeriod": "Daily",
                 "StartTime": "2026-03-01T00:00:00Z", "EndTime": "2027-01-01T00:00:00Z",
                 "ItemConditionExpress": "brand == 'acme'",
                 "SplitParts": {"TimePoints": [720, 1440], "SetValues": [2000, 5000]}}]}]}""";

    private static TrafficControlTasks compile(String json) throws Exception {
        ExperimentFile f = ExperimentFile.MAPPER.readValue(json, ExperimentFile.class);
        return Experiments.compile(f, FeatureFilters.INSTANCE, CLOCK, "exp.json").trafficControlTasks();
    }

    @Test
    void theDocumentedExampleReads() throws Exception {
        TrafficControlTasks tasks = compile(FILE);
        assertThat(tasks.tasks()).hasSize(2);
        TrafficControlTasks.Task percent = tasks.tasks().get(0);
        assertThat(percent.scenes()).containsExactlyInAnyOrder("home_feed", "detail_feed");
        assertThat(percent.controlType()).isEqualTo(TrafficControlTasks.ControlType.PERCENT);
        assertThat(percent.single()).isFalse();
        assertThat(percent.guaranteed()).isTrue();
        assertThat(percent.experimentIds()).containsExactlyInAnyOrder("7", "8");
        assertThat(percent.activeAt(CLOCK.instant())).isTrue();
        assertThat(percent.activeAt(Instant.parse("2026-05-01T00:00:00Z"))).isFalse();

        TrafficControlTasks.Target target = percent.targets().get(0);
        assertThat(target.period()).isEqualTo(TrafficControlTasks.Period.DAILY);
        assertThat(target.tolerance()).isEqualTo(5);
        // the task's item condition and the target's, both
        Item item = new Item("i1");
        item.setProperties(Map.of("status", "on", "category", "bags", "publish_time", 1772452800L - 3600));
        assertThat(target.itemCondition().test(n -> "current_time".equals(n) ? 1772452800.0 : item.property(n))).isTrue();
        item.setProperty("status", "off");
        assertThat(target.itemCondition().test(n -> "current_time".equals(n) ? 1772452800.0 : item.property(n))).isFalse();

        TrafficControlTasks.Task single = tasks.tasks().get(1);
        assertThat(single.single()).isTrue();
        assertThat(single.start()).isNull();
        assertThat(single.targets().get(0).setValues()).containsExactly(2000L, 5000L);
    }

    @Test
    void aDumpOfTheServiceWithItsBookkeepingFieldsReads() throws Exception {
        String dump = FILE.replace("\"Name\": \"push brand\",", "\"Name\": \"push brand\", \"ServiceIds\": [3], "
                + "\"GmtCreateTime\": \"2026-01-01T00:00:00Z\", \"EverPublished\": true, \"ItemTableMetaId\": \"4\", "
                + "\"ActualTraffic\": {\"TaskTraffics\": {}, \"TargetTraffics\": []},");
        assertThat(compile(dump).tasks()).hasSize(2);
    }

    @Test
    void badTasksAndTargetsAreRefusedWithEveryProblemNamed() {
        String bad = FILE.replace("\"ControlType\": \"Quantity\"", "\"ControlType\": \"Count\"")
                .replace("\"ExecutionTime\": \"TimeRange\"", "\"ExecutionTime\": \"Sometimes\"")
                .replace("\"SplitParts\": {\"TimePoints\": [720, 1440]", "\"SplitParts\": {\"TimePoints\": [720]")
                .replace("\"StartTime\": \"2026-03-01T00:00:00Z\"", "\"StartTime\": \"yesterday\"")
                .replace("brand == 'acme'", "brand ==")
                .replace("\"TrafficControlTargetId\": \"102\"", "\"TrafficControlTargetId\": \"101\"");
        assertThatThrownBy(() -> compile(bad))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("exp.json")
                .hasMessageContaining("traffic-control task '11' (traffic_control_tasks[0]), key ExecutionTime: want Permanent or TimeRange")
                .hasMessageContaining("traffic-control task '12' (traffic_control_tasks[1]), key ControlType: want Percent or Quantity, got 'Count'")
                .hasMessageContaining("traffic_control_tasks[1].TrafficControlTargets[0], key TrafficControlTargetId: target '101' is listed twice")
                .hasMessageContaining("key StartTime: want an RFC 3339 time")
                .hasMessageContaining("key SplitParts.TimePoints: has 1 entries, SetValues 2")
                .hasMessageContaining("key ItemConditionExpress: does not parse");
    }

    @Test
    void unknownKeysAndBadConditionArraysAreRefused() {
        assertThatThrownBy(() -> compile(FILE.replace("\"ProdExperimentIds\"", "\"ProdExperimentId\"")))
                .isInstanceOf(Exception.class).hasMessageContaining("ProdExperimentId");
        String badArray = FILE.replace("\\\"option\\\":\\\"in\\\"", "\\\"option\\\":\\\"like\\\"");
        assertThatThrownBy(() -> compile(badArray))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("traffic-control target '101'")
                .hasMessageContaining("key ItemConditionArray: unknown option 'like'");
    }
}
