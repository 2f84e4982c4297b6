package io.recengine.core.feature;

/**
 * A {@code Normalizer} of a {@code Features} entry: computes a value, for {@code new_feature} and for
 * item-side {@code raw_feature}. Immutable and thread-safe; built once at config load
 * ({@link Normalizers#of}).
 */
public interface Normalizer {

    /** The name as configured ({@code hour_in_day}, {@code weekday}, ...). */
    String name();

    /**
     * The value. The built-in normalizers ignore {@code input} (as in PAI-Rec); {@code const_value}
     * answers null (PAI-Rec's {@code CreateConstValueNormalizer}): {@code new_feature} on the user side
     * uses the {@code FeatureValue} instead.
     */
    Object apply(Object input);
}
