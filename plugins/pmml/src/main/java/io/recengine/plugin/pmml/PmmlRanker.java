package io.recengine.plugin.pmml;

import io.recengine.spi.Item;
import io.recengine.spi.ItemScores;
import io.recengine.spi.RankRequest;
import io.recengine.spi.Ranker;
import io.recengine.spi.User;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code AlgoConfs[]} with {@code Type "PMML"}: a PMML model evaluated in process (RecEngine's own;
 * PAI-Rec only calls PMML on EAS). Each item's row is its features overlaid on the user's (an item
 * value wins), read by the model's field names. With {@code PMMLConf.Outputs} ({@code {"ctr":
 * "probability(1)", ...}}) the item gets one score per entry, ranked as {@code <algo>_<name>}; without,
 * one score, ranked as {@code <algo>}: a classification's probability of category "1" (else of its
 * last category), a regression's value. A row the model makes no prediction for scores 0.
 */
final class PmmlRanker implements Ranker {

    /** What one score reads from a prediction. */
    interface Score {
        double of(Prediction p);
    }

    private final PmmlModel model;
    /** Score names in order; a single unnamed score when {@code Outputs} is absent. */
    private final String[] names;
    private final Score[] scores;

    PmmlRanker(PmmlModel model, Map<String, Score> outputs) {
        this.model = model;
        this.names = outputs.keySet().toArray(new String[0]);
        this.scores = outputs.values().toArray(new Score[0]);
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public List<ItemScores> score(RankRequest request) {
        User user = request.user();
        List<ItemScores> out = new ArrayList<>(request.items().size());
        for (Item item : request.items()) {
            Object[] row = model.row(name -> {
                Object v = item.property(name);
                return v != null ? v : user.property(name);
            });
            Prediction p = model.evaluate(row);
            if (names.length == 1 && names[0].isEmpty()) {
                out.add(ItemScores.of(p == null ? 0 : scores[0].of(p)));
                continue;
            }
            Map<String, Double> m = new HashMap<>(names.length * 2);
            for (int i = 0; i < names.length; i++) {
                m.put(names[i], p == null ? 0 : scores[i].of(p));
            }
            out.add(ItemScores.of(m));
        }
        return out;
    }

    /**
     * What a reference of {@code PMMLConf.Outputs} reads: {@code predictedValue}, {@code probability(<category>)},
     * or the name of an {@code OutputField} of the model's {@code Output} (predictedValue or probability).
     *
     * @throws IllegalArgumentException naming the reference and the alternatives
     */
    static Score score(PmmlModel model, String ref) {
        if (ref.equals("predictedValue")) {
            return Prediction::predicted;
        }
        if (ref.startsWith("probability(") && ref.endsWith(")")) {
            if (!model.isClassification()) {
                throw new IllegalArgumentException("\"" + ref + "\": the model is a regression, it has no probabilities");
            }
            String category = ref.substring("probability(".length(), ref.length() - 1);
            return p -> p.isClassification() ? p.probability(category) : 0;
        }
        Model.OutputField f = model.outputs().get(ref);
        if (f == null) {
            throw new IllegalArgumentException("\"" + ref + "\" is neither predictedValue, probability(<category>) nor an"
                    + " OutputField of the model; its OutputFields: " + model.outputs().keySet());
        }
        return f::of;
    }

    /** The score without {@code Outputs}: probability of "1" (else the last category), or the value. */
    static Score defaultScore(PmmlModel model) {
        if (!model.isClassification()) {
            return Prediction::predicted;
        }
        return p -> {
            if (!p.isClassification()) {
                return p.value;
            }
            for (String c : p.categories) {
                if (c.equals("1")) {
                    return p.probability("1");
                }
            }
            return p.probabilities[p.probabilities.length - 1];
        };
    }
}
