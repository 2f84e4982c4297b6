/**
 * PAI-Rec's built-in filters ({@code FilterConfs[].FilterType}) beyond the trivial ones in
 * {@code io.recengine.core.builtin}: count adjusters by recall, fair and snake mixes, condition routing,
 * item-state and custom filters, with PAI-Rec's key names and defaults. {@link FilterParam} is PAI-Rec's
 * {@code FilterParams} / {@code Conditions} operator list, shared by every component that reads one.
 * Registered through {@link BuiltinFilterPlugin}.
 */
package io.recengine.core.builtin.filter;
