package io.recengine.spi;

/** Builds {@link Recall}s; {@link #type()} matches RecallConfs[].RecallType. */
public interface RecallFactory extends ComponentFactory<Recall> {
}
