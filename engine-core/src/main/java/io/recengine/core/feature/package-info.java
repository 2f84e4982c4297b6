/**
 * Feature loading: {@code UserFeatureConfs[scene]} (user stage) and {@code FeatureConfs[scene]} (item
 * stage before ranking), each a list of {@code FeatureLoadConfs} = one DAO fetch + {@code Features}
 * transforms. Entry points: {@link io.recengine.core.feature.FeatureStage#check} (start-up validation)
 * and {@link io.recengine.core.feature.FeatureStage#build}.
 *
 * <p>Semantics follow PAI-Rec's {@code service/feature} package, including its quirks:
 * {@code FeatureValue} replaces {@code FeatureSource} for every feature type; user-side
 * {@code raw_feature} ignores the normalizer and the source prefix; item-side {@code compose_feature}
 * never removes user sources; {@code batch_raw_feature} ignores {@code RemoveFeatureSource};
 * {@code delete_feature} deletes from the {@code FeatureStore} side whatever the prefix; a source entry
 * without {@code :} is skipped; a missing source property copies as {@code ""}; {@code new_feature}
 * with {@code const_value} writes the effective source text on the user side and no value on the item
 * side; {@code context_feature} only acts on the user side.
 *
 * <p>Deliberate differences:
 * <ul>
 *   <li>Text forms use {@link io.recengine.spi.Values#text}: PAI-Rec's item {@code StringProperty}
 *       truncates floats ({@code 3.7} becomes {@code "3"}) and turns booleans, lists and maps into
 *       {@code ""}.</li>
 *   <li>Item-side {@code raw_feature} from a {@code user:} source with {@code RemoveFeatureSource}
 *       copies the value to every item and then removes it from the user (PAI-Rec removes it while
 *       looping, so only the first item gets the value).</li>
 *   <li>A property set to null (PAI-Rec stores {@code nil}) is removed.</li>
 *   <li>Concurrent loads are bounded by the request deadline; late loads are cancelled and counted.</li>
 *   <li>Config problems PAI-Rec ignores or panics on at run time are refused at start-up (unknown
 *       feature types, normalizers and adapters, malformed sources, {@code new_feature} without a
 *       normalizer, mismatched {@code batch_raw_feature} lists).</li>
 * </ul>
 */
package io.recengine.core.feature;
