package io.recengine.core.builtin.sort;

import io.recengine.spi.Item;
import io.recengine.spi.RecContext;
import io.recengine.spi.User;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ItemRankScore} orders as a stable sort by score, highest first ({@code Double.compare}). */
class ItemRankScoreTest {

    @Test
    void ordersAsAStableSortByScoreDescending() {
        SplittableRandom rnd = new SplittableRandom(11);
        double[] special = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        RecContext ctx = RecContext.builder("r").sceneId("s").size(10).build();
        for (int n : new int[] {0, 1, 2, 15, 16, 17, 100, 1000}) {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // few distinct values: many ties, whose order must stay
                double s = rnd.nextInt(10) == 0 ? special[rnd.nextInt(special.length)] : rnd.nextInt(20) / 4.0;
                items.add(new Item("i" + i, "r", s));
            }
            List<Item> expected = new ArrayList<>(items);
            expected.sort((a, b) -> Double.compare(b.score(), a.score()));
            List<Item> sorted = new ItemRankScore().sort(ctx, new User("u"), items);
            assertThat(sorted).as("n=" + n).containsExactlyElementsOf(expected);
            assertThat(items).as("input untouched").hasSize(n);
        }
    }
}
