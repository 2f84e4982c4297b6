/**
 * PAI-Rec's built-in filters ({@code FilterConfs[].FilterType}) beyond the trivial ones in
 * {@code io.recengine.core.builtin}: count adjusters by recall, fair and snake mixes, condition routing,
 * item-state and custom filters, with PAI-Rec's key names and defaults. Their {@code FilterParams} /
 * {@code Conditions} are read by {@link io.recengine.core.expr.Conditions}, as every sort's are.
 * Registered through {@link BuiltinFilterPlugin}.
 */
package io.recengine.core.builtin.filter;
