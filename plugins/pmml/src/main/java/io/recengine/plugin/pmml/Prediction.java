package io.recengine.plugin.pmml;

/** One model's answer for one row: a value (regression), or probabilities by category (classification). */
final class Prediction {

    final double value;
    final String[] categories;
    final double[] probabilities;

    private Prediction(double value, String[] categories, double[] probabilities) {
        this.value = value;
        this.categories = categories;
        this.probabilities = probabilities;
    }

    static Prediction value(double v) {
        return new Prediction(v, null, null);
    }

    static Prediction classes(String[] categories, double[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new Prediction(best, categories, probabilities);
    }

    boolean isClassification() {
        return categories != null;
    }

    /** The probability of {@code category}; 0 when the model does not know it. */
    double probability(String category) {
        for (int i = 0; i < categories.length; i++) {
            if (categories[i].equals(category)) {
                return probabilities[i];
            }
        }
        return 0;
    }

    /** The predicted value: the regression value, or for a classification the winning category's probability. */
    double predicted() {
        return isClassification() ? probabilities[(int) value] : value;
    }
}
