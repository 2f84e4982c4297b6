package io.recengine.core.builtin.sort;

import io.recengine.spi.ComponentConfig;
import io.recengine.spi.Item;
import io.recengine.spi.PluginContext;
import io.recengine.spi.RecContext;
import io.recengine.spi.Sort;
import io.recengine.spi.SortFactory;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.List;

/** PAI-Rec's {@code ItemRankScore}: orders by score, highest first; ties keep their order (stable). */
public final class ItemRankScore implements Sort {

    public static final String TYPE = "ItemRankScore";

    @Override
    public List<Item> sort(RecContext context, User user, List<Item> items) {
        // a stable merge sort of positions over a primitive copy of the scores: the comparisons read an
        // array instead of chasing a pointer to each item (about ten reads per item for a thousand items)
        int n = items.size();
        Item[] in = items.toArray(new Item[0]);
        double[] scores = new double[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            scores[i] = in[i].score();
            order[i] = i;
        }
        mergeSort(order, new int[n], 0, n, scores);
        List<Item> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in[order[i]]);
        }
        return out;
    }

    /** Sorts {@code a[from, to)} by {@code scores} descending ({@link Double#compare}), ties in place. */
    private static void mergeSort(int[] a, int[] tmp, int from, int to, double[] scores) {
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && Double.compare(scores[v], scores[a[j]]) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, scores);
        mergeSort(a, tmp, mid, to, scores);
        if (Double.compare(scores[a[mid - 1]], scores[a[mid]]) >= 0) {
            return; // already in order
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            // the left run wins ties: stable
            if (j >= to || (i < mid && Double.compare(scores[tmp[j]], scores[tmp[i]]) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    /** Factory. */
    public static final class Factory implements SortFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Sort create(ComponentConfig config, PluginContext context) {
            return new ItemRankScore();
        }
    }
}
