package io.recengine.tools.quickstart;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetTest {

    @Test
    void theSameSpecGivesTheSameData() {
        Dataset a = Dataset.generate(DatasetSpec.TINY);
        Dataset b = Dataset.generate(DatasetSpec.TINY);
        assertThat(a.interactionItem).isEqualTo(b.interactionItem);
        assertThat(a.itemEmbedding[17]).isEqualTo(b.itemEmbedding[17]);
        assertThat(a.i2iItems[3]).isEqualTo(b.i2iItems[3]);
    }

    @Test
    void sizesAndShapesFollowTheSpec() {
        Dataset d = Dataset.generate(DatasetSpec.TINY);
        DatasetSpec s = DatasetSpec.TINY;
        assertThat(d.userStart[s.users()]).isEqualTo(s.interactions());
        for (int u = 0; u < s.users(); u++) {
            assertThat(d.interactionsOf(u)).isPositive();
        }
        assertThat(d.itemEmbedding[0]).hasSize(s.dim());
        assertThat(d.popularItems).isNotEmpty();
        assertThat(d.itemPopularity[d.popularItems[0]]).isGreaterThanOrEqualTo(d.itemPopularity[d.popularItems[1]]);
    }

    @Test
    void usersInteractMostlyWithTheirPreferredCategories() {
        Dataset d = Dataset.generate(DatasetSpec.TINY);
        long inPreferred = 0;
        for (int k = 0; k < d.interactionItem.length; k++) {
            int u = d.interactionUser[k];
            int c = d.category(d.interactionItem[k]);
            for (int p : d.preferredCategories(u)) {
                if (p == c) {
                    inPreferred++;
                    break;
                }
            }
        }
        assertThat((double) inPreferred / d.interactionItem.length).isGreaterThan(0.8);
    }

    @Test
    void popularityIsSkewed() {
        Dataset d = Dataset.generate(DatasetSpec.TINY);
        int top = 0;
        for (int i = 0; i < 20; i++) {
            top += d.itemPopularity[d.popularItems[i]];
        }
        // 5 % of the catalogue draws far more than 5 % of the interactions
        assertThat((double) top / DatasetSpec.TINY.interactions()).isGreaterThan(0.15);
    }

    @Test
    void coOccurrenceNeighboursShareCategoriesMoreThanChance() {
        Dataset d = Dataset.generate(DatasetSpec.TINY);
        long same = 0;
        long all = 0;
        for (int i = 0; i < DatasetSpec.TINY.items(); i++) {
            for (int j : d.i2iItems[i]) {
                all++;
                if (d.category(i) == d.category(j)) {
                    same++;
                }
            }
        }
        assertThat(all).isPositive();
        assertThat((double) same / all).isGreaterThan(2.0 / DatasetSpec.TINY.categories());
    }
}
