package io.recengine.core.builtin.sort;

import io.recengine.spi.Item;
import io.recengine.spi.Sort;
import io.recengine.spi.User;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.recengine.core.builtin.sort.SortTesting.check;
import static io.recengine.core.builtin.sort.SortTesting.conf;
import static io.recengine.core.builtin.sort.SortTesting.ids;
import static io.recengine.core.builtin.sort.SortTesting.items;
import static io.recengine.core.builtin.sort.SortTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

/** PAI-Rec's {@code sort/diversity_rule_sort_test.go}, case by case, plus what its Go code implies. */
class DiversityRuleSortTest {

    private static Sort sort(Map<String, Object> conf) {
        return SortTesting.create(new DiversityRuleSort.Factory(), conf);
    }

    private static Map<String, Object> rule(Object... kv) {
        return conf(kv);
    }

    private static Map<String, Object> tagEquals(String value) {
        return conf("Name", "tag", "Type", "string", "Operator", "equal", "Value", value);
    }

    /** Items 0-4 tag t1, 5-9 tag t2 (scores 0..9, ascending: the sort never reads them). */
    private static List<Item> fiveAndFive() {
        return items(10, i -> Map.of("tag", i < 5 ? "t1" : "t2"));
    }

    /** TestDiversitryRuleSortByIntervalSize. */
    @Nested
    class ByIntervalSize {
        @Test
        void intervalSize() {
            List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)))),
                    10, fiveAndFive());
            for (int i = 0; i < out.size(); i += 2) {
                assertThat(out.get(i).stringProperty("tag")).isEqualTo("t1");
            }
            // the order the issue quotes from PAI-Rec: arranged as received, never re-sorted by score
            assertThat(ids(out)).isEqualTo(ids("0 5 1 6 2 7 3 8 4 9"));
        }

        @Test
        void intervalSizeMore() {
            List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 2)))),
                    10, fiveAndFive());
            assertThat(out.get(2).stringProperty("tag")).isEqualTo("t2");
            assertThat(out.get(5).stringProperty("tag")).isEqualTo("t2");
            // at most two in a row, read off diversity_rule.go
            assertThat(ids(out)).isEqualTo(ids("0 1 5 2 3 6 4 7 8 9"));
        }

        @Test
        void intervalSizeWithExclusionRule() {
            List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)),
                    "ExclusionRules", List.of(conf("Positions", List.of(1), "Conditions", List.of(tagEquals("t1")))))),
                    10, fiveAndFive());
            for (int i = 1; i < out.size(); i += 2) {
                assertThat(out.get(i).stringProperty("tag")).isEqualTo("t1");
            }
            assertThat(ids(out)).isEqualTo(ids("5 0 6 1 7 2 8 3 9 4"));
        }
    }

    /** TestDiversitryRuleSortByIntervalSize2: nothing fits, so the order stays. */
    @Test
    void byIntervalSize2() {
        List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)))),
                10, items(10, i -> Map.of("tag", "t1")));
        assertThat(ids(out)).isEqualTo(ids("0 1 2 3 4 5 6 7 8 9"));
    }

    /** TestDiversitryRuleSortByExclusionRule. */
    @Test
    void byExclusionRule() {
        List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)),
                "ExclusionRules", List.of(conf("Positions", List.of(1, 2, 3, 4, 5), "Conditions", List.of(tagEquals("t1")))))),
                10, fiveAndFive());
        assertThat(out).hasSize(10);
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).stringProperty("tag")).isEqualTo(i < 5 ? "t2" : "t1");
        }
    }

    /** TestDiversitryRuleSort. */
    @Nested
    class WindowAndInterval {
        private List<Item> threeTags() {
            return items(10, i -> Map.of("tag", i < 3 ? "t1" : i < 6 ? "t2" : "t3"));
        }

        private final Map<String, Object> rule = rule("Dimensions", List.of("tag"), "WindowSize", 5, "FrequencySize", 2,
                "IntervalSize", 1);

        @Test
        void diversitryRuleSort() {
            // the Go test prints the result; this order is read off diversity_rule_sort.go
            assertThat(ids(run(sort(conf("DiversityRules", List.of(rule))), 10, threeTags())))
                    .isEqualTo(ids("0 3 1 4 6 2 5 7 8 9"));
        }

        @Test
        void diversitryRuleSortWithExclusion() {
            List<Item> out = run(sort(conf("DiversityRules", List.of(rule), "ExclusionRules", List.of(
                    conf("Positions", List.of(1), "Conditions", List.of(tagEquals("t1"))),
                    conf("Positions", List.of(1), "Conditions", List.of(tagEquals("t2")))))), 10, threeTags());
            assertThat(out).hasSize(10);
            assertThat(out.get(0).property("tag")).isEqualTo("t3");
            assertThat(ids(out)).isEqualTo(ids("6 0 3 1 4 7 2 5 8 9"));
        }
    }

    /** TestDiversitryRuleExploreItemSize. */
    @Nested
    class ExploreItemSize {
        private List<Item> tenAndTen() {
            return items(20, i -> Map.of("tag", i < 10 ? "t1" : "t2"));
        }

        @Test
        void withoutExploreItemSize() {
            List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)))),
                    10, tenAndTen());
            for (int i = 0; i < 10; i++) {
                assertThat(out.get(i).stringProperty("tag")).isEqualTo(i % 2 == 0 ? "t1" : "t2");
            }
        }

        @Test
        void withExploreItemSize() {
            List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)),
                    "ExploreItemSize", 10)), 10, tenAndTen());
            assertThat(out).hasSize(20);
            for (int i = 0; i < 10; i++) {
                assertThat(out.get(i).stringProperty("tag")).isEqualTo(i % 2 == 0 ? "t1" : "t2");
            }
        }

        @Test
        void aSmallExploreItemSizeFallsBackToTheFirstCandidate() {
            // read off the Go code: position 2 looks at two candidates (1 and 2), neither fits, 1 is taken
            List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)),
                    "ExploreItemSize", 2)), 10, tenAndTen());
            assertThat(ids(out).subList(0, 3)).isEqualTo(ids("0 1 2"));
        }
    }

    /** TestDiversitryRuleWeight. */
    @Nested
    class Weight {
        private List<Item> weighted() {
            return items(20, i -> {
                Map<String, Object> p = new java.util.HashMap<>();
                p.put("is_new_item", i % 2);
                p.put("tag", "t" + (i % 3));
                p.put("category", "c" + (i % 4));
                if (i > 10) {
                    p.put("is_new_item", 1);
                    p.put("tag", "t2");
                    p.put("category", "c1");
                }
                if (i == 19) {
                    p.put("tag", "t3");
                }
                if (i == 18) {
                    p.put("category", "c4");
                    p.put("is_new_item", 0);
                }
                return p;
            });
        }

        @Test
        void diversitryRuleSort() {
            List<Item> out = run(sort(conf("DiversityRules", List.of(
                    rule("Dimensions", List.of("is_new_item"), "IntervalSize", 1),
                    rule("Dimensions", List.of("tag"), "WindowSize", 5, "FrequencySize", 1),
                    rule("Dimensions", List.of("category"), "WindowSize", 5, "FrequencySize", 1)))), 10, weighted());
            for (int i = 0; i < out.size(); i++) {
                assertThat(out.get(i).id()).isEqualTo(Integer.toString(i));
            }
        }

        @Test
        void diversitryRuleSortWithWeight() {
            List<Item> out = run(sort(conf("DiversityRules", List.of(
                    rule("Dimensions", List.of("is_new_item"), "IntervalSize", 1, "Weight", 1),
                    rule("Dimensions", List.of("category"), "WindowSize", 5, "FrequencySize", 1, "Weight", 3),
                    rule("Dimensions", List.of("tag"), "WindowSize", 5, "FrequencySize", 1, "Weight", 5)))), 10, weighted());
            assertThat(out.get(3).id()).isEqualTo("19");
            assertThat(out.get(4).id()).isEqualTo("18");
        }
    }

    /** TestDiversitryRuleMulitValue. */
    @Nested
    class MultiValue {
        private List<Item> aThenAb() {
            return items(20, i -> Map.of("tag", i < 10 ? "A" : "A/B"));
        }

        private final Map<String, Object> tagRule = rule("Dimensions", List.of("tag"), "WindowSize", 5, "IntervalSize", 1);

        @Test
        void diversitryRuleSort() {
            List<Item> out = run(sort(conf("DiversityRules", List.of(tagRule))), 20, aThenAb());
            int base = 0;
            for (int i = 0; i < out.size(); i++) {
                if (i % 2 == 0) {
                    assertThat(out.get(i).id()).isEqualTo(Integer.toString(base));
                    base++;
                } else {
                    assertThat(out.get(i).id()).isEqualTo(Integer.toString(base + 9));
                }
            }
        }

        @Test
        void diversitryRuleSortMultiValue() {
            List<Item> out = run(sort(conf("DiversityRules", List.of(tagRule), "MultiValueDimensionConf",
                    List.of(conf("DimensionName", "tag", "Delimiter", "/")))), 20, aThenAb());
            for (int i = 0; i < out.size(); i++) {
                assertThat(out.get(i).id()).isEqualTo(Integer.toString(i));
            }
        }

        @Test
        void diversitryRuleSortMultiValueV2() {
            List<Item> in = items(10, i -> i % 3 == 0 ? Map.of("tag", "A") : i % 3 == 1 ? null : Map.of("tag", "B/C"));
            List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "WindowSize", 3,
                    "FrequencySize", 1, "IntervalSize", 1)), "MultiValueDimensionConf",
                    List.of(conf("DimensionName", "tag", "Delimiter", "/")))), 10, in);
            for (int i = 0; i < out.size(); i++) {
                assertThat(out.get(i).id()).isEqualTo(Integer.toString(i));
            }
        }

        private List<Item> tagsAndCategories(boolean multiCategory) {
            return items(10, i -> Map.of("tag", i % 3 == 0 ? "A" : i % 3 == 1 ? "A/B" : "B/C",
                    "category", multiCategory ? (i < 3 ? "c1" : i < 6 ? "c1#c2" : "c3#c4") : (i < 5 ? "0" : "1")));
        }

        @Test
        void diversitryRuleSortMultiValueV3() {
            // the Go test only prints; every item stays; 1 shares A with 0 and B with 2, so 3 comes third
            List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("category", "tag"),
                    "WindowSize", 3, "IntervalSize", 1)), "MultiValueDimensionConf",
                    List.of(conf("DimensionName", "tag", "Delimiter", "/")))), 10, tagsAndCategories(false));
            assertThat(ids(out)).containsExactlyInAnyOrderElementsOf(ids("0 1 2 3 4 5 6 7 8 9"));
            assertThat(ids(out).subList(0, 3)).isEqualTo(ids("0 2 3"));
        }

        @Test
        void diversitryRuleSortMultiValueV4() {
            List<Item> out = run(sort(conf("DiversityRules", List.of(
                    rule("Dimensions", List.of("tag"), "WindowSize", 3, "IntervalSize", 1),
                    rule("Dimensions", List.of("category"), "WindowSize", 3, "IntervalSize", 1)),
                    "MultiValueDimensionConf", List.of(conf("DimensionName", "tag", "Delimiter", "/"),
                            conf("DimensionName", "category", "Delimiter", "#")))), 10, tagsAndCategories(true));
            assertThat(out.get(1).id()).isEqualTo("8");
            assertThat(out.get(2).id()).isEqualTo("3");
            assertThat(out.get(3).id()).isEqualTo("1");
        }
    }

    @Test
    void excludedRecallsGoToTheEndUntouched() {
        List<Item> in = fiveAndFive();
        in.get(0).setRetrieveId("hot");
        List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)),
                "ExcludeRecalls", List.of("hot"))), 10, in);
        assertThat(ids(out)).isEqualTo(ids("1 5 2 6 3 7 4 8 9 0"));
    }

    @Test
    void diversitySizeArrangesOnlyThatManyPositionsPlusOne() {
        List<Item> out = run(sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)),
                "DiversitySize", 2)), 10, fiveAndFive());
        assertThat(ids(out)).isEqualTo(ids("0 5 1 2 3 4 6 7 8 9"));
    }

    @Test
    void conditionsOnTheUserDecideWhetherItRuns() {
        Sort s = sort(conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)),
                "Conditions", List.of(conf("Domain", "user", "Name", "age", "Type", "int", "Operator", "greater", "Value", 18))));
        User young = new User("u");
        young.setProperty("age", 12);
        User adult = new User("v");
        adult.setProperty("age", 30);
        assertThat(ids(run(s, 10, young, fiveAndFive()))).isEqualTo(ids("0 1 2 3 4 5 6 7 8 9"));
        assertThat(ids(run(s, 10, adult, fiveAndFive()))).isEqualTo(ids("0 5 1 6 2 7 3 8 4 9"));
    }

    @Test
    void badConfigsNameTheKey() {
        DiversityRuleSort.Factory f = new DiversityRuleSort.Factory();
        assertThat(check(f, conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", -1)))))
                .anyMatch(m -> m.contains("key DiversityRules[0].IntervalSize") && m.contains(">= 0"));
        assertThat(check(f, conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)),
                "MultiValueDimensionConf", List.of(conf("DimensionName", "color", "Delimiter", "/")))))
                .anyMatch(m -> m.contains("key MultiValueDimensionConf[0].DimensionName") && m.contains("unknown dimension 'color'"));
        assertThat(check(f, conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)),
                "ExploreItemSize", -3))).anyMatch(m -> m.contains("key ExploreItemSize"));
        assertThat(check(f, conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "IntervalSize", 1)),
                "Conditions", List.of(conf("Name", "x", "Operator", "like", "Type", "string")))))
                .anyMatch(m -> m.contains("key Conditions[0].Operator") && m.contains("unknown operator 'like'"));
        assertThat(check(f, conf("DiversityRules", List.of(rule("Dimensions", List.of("tag"), "WindowSize", 2,
                "FrequencySize", 2))))).anyMatch(m -> m.contains("no effect"));
    }
}
