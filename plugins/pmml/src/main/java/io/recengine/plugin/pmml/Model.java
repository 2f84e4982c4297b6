package io.recengine.plugin.pmml;

import java.util.List;

/** A compiled PMML model element. {@link #evaluate} is pure over the row: one instance serves every thread. */
interface Model {

    /** The prediction, or null when the model makes none for this row (a tree with no true child). */
    Prediction evaluate(Object[] row);

    /** A model's {@code Output} field this engine computes: {@code predictedValue} or {@code probability}. */
    record OutputField(String name, String feature, String value, int slot) {

        double of(Prediction p) {
            return "probability".equals(feature) ? p.probability(value) : p.predicted();
        }
    }

    /** {@code RegressionModel}: one table (regression) or one per target category (classification). */
    record Regression(boolean classification, List<Table> tables, String normalization) implements Model {

        record Table(String category, double intercept, int[] numSlots, double[] exponents, double[] numCoefs,
                     int[] catSlots, String[] catValues, double[] catCoefs) {

            /** Null when a numeric predictor's value is missing (the spec's "no prediction"). */
            Double value(Object[] row) {
                double y = intercept;
                for (int i = 0; i < numSlots.length; i++) {
                    Object x = row[numSlots[i]];
                    if (x == null) {
                        return null;
                    }
                    double d = (Double) x;
                    y += numCoefs[i] * (exponents[i] == 1 ? d : Math.pow(d, exponents[i]));
                }
                for (int i = 0; i < catSlots.length; i++) {
                    if (catValues[i].equals(row[catSlots[i]])) {
                        y += catCoefs[i];
                    }
                }
                return y;
            }
        }

        @Override
        public Prediction evaluate(Object[] row) {
            if (!classification) {
                Double y = tables.get(0).value(row);
                return y == null ? null : Prediction.value(normalize(y));
            }
            int k = tables.size();
            double[] y = new double[k];
            String[] cats = new String[k];
            for (int i = 0; i < k; i++) {
                Double v = tables.get(i).value(row);
                if (v == null) {
                    return null;
                }
                y[i] = v;
                cats[i] = tables.get(i).category();
            }
            double[] p = new double[k];
            switch (normalization) {
                case "softmax" -> {
                    double max = Double.NEGATIVE_INFINITY;
                    for (double v : y) {
                        max = Math.max(max, v);
                    }
                    double sum = 0;
                    for (int i = 0; i < k; i++) {
                        p[i] = Math.exp(y[i] - max);
                        sum += p[i];
                    }
                    for (int i = 0; i < k; i++) {
                        p[i] /= sum;
                    }
                }
                case "simplemax" -> {
                    double sum = 0;
                    for (double v : y) {
                        sum += v;
                    }
                    for (int i = 0; i < k; i++) {
                        p[i] = y[i] / sum;
                    }
                }
                default -> {
                    // logit, exp, none: every category but the last from its own table, the last the rest
                    double sum = 0;
                    for (int i = 0; i < k - 1; i++) {
                        p[i] = normalize(y[i]);
                        sum += p[i];
                    }
                    p[k - 1] = 1 - sum;
                }
            }
            return Prediction.classes(cats, p);
        }

        private double normalize(double y) {
            return switch (normalization) {
                case "logit" -> 1 / (1 + Math.exp(-y));
                case "exp" -> Math.exp(y);
                default -> y;
            };
        }
    }

    /** {@code TreeModel}: the first node whose predicate is true, depth first. */
    record Tree(boolean classification, Node root, boolean returnLastPrediction, String missingValueStrategy,
                String[] categories) implements Model {

        /** A node; {@code prediction} is its answer built once at load (null: the node has none). */
        record Node(Predicate predicate, Prediction prediction, List<Node> children) {
        }

        @Override
        public Prediction evaluate(Object[] row) {
            if (root.predicate().test(row) != Predicate.TRUE) {
                return null;
            }
            Node node = root;
            outer:
            while (!node.children().isEmpty()) {
                for (Node child : node.children()) {
                    int t = child.predicate().test(row);
                    if (t == Predicate.TRUE) {
                        node = child;
                        continue outer;
                    }
                    if (t == Predicate.UNKNOWN && "lastPrediction".equals(missingValueStrategy)) {
                        return result(node);
                    }
                    if (t == Predicate.UNKNOWN && "nullPrediction".equals(missingValueStrategy)) {
                        return null;
                    }
                }
                if (!returnLastPrediction) {
                    return null;
                }
                break;
            }
            return result(node);
        }

        private static Prediction result(Node node) {
            return node.prediction();
        }
    }

    /** {@code MiningModel}: a {@code Segmentation} of models combined by {@code multipleModelMethod}. */
    record Mining(boolean classification, String method, List<Segment> segments, String[] categories) implements Model {

        /** One segment: its predicate, weight, model and the outputs a model chain passes on. */
        record Segment(Predicate predicate, double weight, Model model, List<OutputField> outputs) {
        }

        @Override
        public Prediction evaluate(Object[] row) {
            if ("modelChain".equals(method)) {
                Prediction last = null;
                for (Segment s : segments) {
                    if (s.predicate().test(row) != Predicate.TRUE) {
                        continue;
                    }
                    Prediction p = s.model().evaluate(row);
                    if (p == null) {
                        return null;
                    }
                    for (OutputField o : s.outputs()) {
                        row[o.slot()] = o.of(p);
                    }
                    last = p;
                }
                return last;
            }
            if (!classification) {
                // regression: folded as the segments answer, no per-row lists
                double sum = 0;
                double wsum = 0;
                double max = Double.NEGATIVE_INFINITY;
                int n = 0;
                for (Segment s : segments) {
                    if (s.predicate().test(row) != Predicate.TRUE) {
                        continue;
                    }
                    Prediction p = s.model().evaluate(row);
                    if (p == null) {
                        continue;
                    }
                    n++;
                    sum += "weightedAverage".equals(method) ? p.value * s.weight() : p.value;
                    wsum += s.weight();
                    max = Math.max(max, p.value);
                }
                if (n == 0) {
                    return null;
                }
                return Prediction.value(switch (method) {
                    case "sum" -> sum;
                    case "average" -> sum / n;
                    case "weightedAverage" -> sum / wsum;
                    default -> max;
                });
            }
            double[] p = new double[categories.length];
            double total = 0;
            for (Segment s : segments) {
                if (s.predicate().test(row) != Predicate.TRUE) {
                    continue;
                }
                Prediction x = s.model().evaluate(row);
                if (x == null) {
                    continue;
                }
                double w = "weightedAverage".equals(method) ? s.weight() : 1;
                total += w;
                for (int c = 0; c < categories.length; c++) {
                    p[c] += w * ("majorityVote".equals(method)
                            ? (x.categories[(int) x.value].equals(categories[c]) ? 1 : 0)
                            : x.probability(categories[c]));
                }
            }
            if (total == 0) {
                return null;
            }
            for (int c = 0; c < p.length; c++) {
                p[c] /= total;
            }
            return Prediction.classes(categories, p);
        }
    }

    /** {@code Targets}: a regression value rescaled as {@code value * rescaleFactor + rescaleConstant}. */
    record Rescaled(Model model, double factor, double constant) implements Model {

        @Override
        public Prediction evaluate(Object[] row) {
            Prediction p = model.evaluate(row);
            return p == null || p.isClassification() ? p : Prediction.value(p.value * factor + constant);
        }
    }
}
