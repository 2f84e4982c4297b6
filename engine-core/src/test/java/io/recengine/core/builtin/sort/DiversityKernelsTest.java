package io.recengine.core.builtin.sort;

import io.recengine.spi.Item;
import io.recengine.spi.Sort;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.recengine.core.builtin.sort.SortTesting.check;
import static io.recengine.core.builtin.sort.SortTesting.conf;
import static io.recengine.core.builtin.sort.SortTesting.ids;
import static io.recengine.core.builtin.sort.SortTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPPSort and SSDSort (PAI-Rec has no Go test for them): the fast kernels pick what the reference kernels
 * pick, and hand-worked cases read off PAI-Rec's {@code sort/dpp_sort.go} and {@code sort/ssd_sort.go}.
 */
class DiversityKernelsTest {

    private static double[] unitRows(SplittableRandom r, int n, int dim) {
        double[] v = new double[n * dim];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int d = 0; d < dim; d++) {
                v[i * dim + d] = r.nextDouble() * 2 - 1;
                s += v[i * dim + d] * v[i * dim + d];
            }
            for (int d = 0; d < dim; d++) {
                v[i * dim + d] /= Math.sqrt(s);
            }
        }
        return v;
    }

    @Test
    void dppPicksWhatTheFullKernelPicks() {
        SplittableRandom r = new SplittableRandom(7);
        for (int window : new int[] {0, 10, 7}) {
            // more dimensions than picks: a kernel of lower rank runs out after rank picks, and which item
            // comes next is then rounding noise in either implementation
            int n = 300;
            int dim = 64;
            double[] f = unitRows(r, n, dim);
            double[] q = new double[n];
            for (int i = 0; i < n; i++) {
                q[i] = Math.exp(0.5 * r.nextDouble());
            }
            assertThat(Dpp.select(f, n, dim, q, 50, window)).as("window " + window)
                    .containsExactly(DiversityReference.dpp(f, n, dim, q, 50, window));
        }
    }

    @Test
    void ssdPicksWhatTheReferencePicks() {
        SplittableRandom r = new SplittableRandom(11);
        for (boolean star : new boolean[] {false, true}) {
            int n = 300;
            int dim = 17;
            double[] e = unitRows(r, n, dim);
            double[] q = new double[n];
            for (int i = 0; i < n; i++) {
                q[i] = r.nextDouble();
            }
            int[] expected = DiversityReference.ssd(e, n, dim, q, 50, 5, 0.25, star);
            assertThat(Ssd.select(e.clone(), n, dim, q, 50, 5, 0.25, star)).as("star " + star).containsExactly(expected);
        }
    }

    /** Other windows (1: every pick leaves at once; longer than the picks: none leaves) and the bench's size. */
    @Test
    void ssdPicksWhatTheReferencePicksForEveryWindow() {
        SplittableRandom r = new SplittableRandom(5);
        for (int window : new int[] {1, 2, 3, 8, 60}) {
            int n = window == 8 ? 1000 : 200;
            int dim = window == 8 ? 65 : 9;
            double[] e = unitRows(r, n, dim);
            double[] q = new double[n];
            for (int i = 0; i < n; i++) {
                q[i] = r.nextDouble();
            }
            double[] given = e.clone();
            int[] expected = DiversityReference.ssd(e, n, dim, q, 50, window, 0.5, false);
            assertThat(Ssd.select(e, n, dim, q, 50, window, 0.5, false)).as("window " + window).containsExactly(expected);
            assertThat(e).as("the embeddings are only read").containsExactly(given);
        }
    }

    /** Duplicate embeddings leave a zero residual (a projection of 0/0, which PAI-Rec takes as 1). */
    @Test
    void ssdWithDuplicateEmbeddingsPicksWhatTheReferencePicks() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 40;
        int dim = 4;
        double[] base = unitRows(r, 5, dim);
        double[] e = new double[n * dim];
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(base, (i % 5) * dim, e, i * dim, dim);
            q[i] = r.nextDouble();
        }
        for (int window : new int[] {2, 5}) {
            assertThat(Ssd.select(e.clone(), n, dim, q, 20, window, 0.25, false)).as("window " + window)
                    .containsExactly(DiversityReference.ssd(e, n, dim, q, 20, window, 0.25, false));
        }
    }

    /** Two copies of one embedding and a different one: the DPP takes the different one second. */
    private static List<Item> twinsAndOther() {
        Item a = new Item("a", "r", 1.0);
        a.setProperty("emb", "1,0,0");
        Item b = new Item("b", "r", 0.9);
        b.setProperty("emb", "1,0,0");
        Item c = new Item("c", "r", 0.5);
        c.setProperty("emb", List.of(0.0, 1.0, 0.0));
        return new ArrayList<>(List.of(a, b, c));
    }

    @Test
    void dppSortPrefersTheDifferentItem() {
        Sort s = SortTesting.create(new DppSort.Factory(), conf("EmbeddingColumn", "emb", "Alpha", 1.0));
        assertThat(ids(run(s, 3, twinsAndOther()))).isEqualTo(ids("a c b"));
        // the selected items only, as PAI-Rec returns
        assertThat(ids(run(s, 2, twinsAndOther()))).isEqualTo(ids("a c"));
    }

    @Test
    void ssdSortPrefersTheDifferentItem() {
        Sort s = SortTesting.create(new SsdSort.Factory(), conf("SSDConf", conf("EmbeddingColumn", "emb", "Gamma", 1.0)));
        assertThat(ids(run(s, 3, twinsAndOther()))).isEqualTo(ids("a c b"));
    }

    @Test
    void filteredRecallsStayOutAndFollowAndShortListsAreOnlyOrdered() {
        List<Item> in = twinsAndOther();
        in.get(1).setRetrieveId("hot");
        Sort s = SortTesting.create(new DppSort.Factory(), conf("DPPConf", conf("EmbeddingColumn", "emb",
                "FilterRetrieveIds", List.of("hot"))));
        assertThat(ids(run(s, 3, in))).isEqualTo(ids("a c b"));
        Sort abort = SortTesting.create(new SsdSort.Factory(), conf("EmbeddingColumn", "emb", "AbortRunCount", 3));
        List<Item> reversed = new ArrayList<>(twinsAndOther());
        java.util.Collections.reverse(reversed);
        assertThat(ids(run(abort, 3, reversed))).isEqualTo(ids("a b c"));
    }

    @Test
    void tooManyMissingEmbeddingsKeepTheOrder() {
        List<Item> in = twinsAndOther();
        in.get(0).removeProperty("emb");
        in.get(1).removeProperty("emb");
        Sort s = SortTesting.create(new DppSort.Factory(), conf("EmbeddingColumn", "emb"));
        assertThat(ids(run(s, 3, in))).isEqualTo(ids("a b c"));
    }

    @Test
    void tableKeysAreRefusedAsNotSupportedYet() {
        Map<String, Object> c = conf("DPPConf", conf("TableName", "item_emb", "EmbeddingColumn", "emb", "WindowSize", -1));
        assertThat(check(new DppSort.Factory(), c))
                .anyMatch(m -> m.equals("sort 's' (SortConfs[0]), key DPPConf.TableName: not supported yet: embeddings come "
                        + "from the item property named by EmbeddingColumn (load them with a feature DAO)"))
                .anyMatch(m -> m.contains("key DPPConf.WindowSize: want an integer >= 0, got -1"));
        assertThat(check(new SsdSort.Factory(), conf("SSDConf", conf())))
                .anyMatch(m -> m.contains("key SSDConf.EmbeddingColumn: is required"));
    }
}
