package io.recengine.spi;

/** Builds {@link CallbackSink}s; {@link #type()} matches CallBackConfs[].DataSource.Type. */
public interface CallbackSinkFactory extends ComponentFactory<CallbackSink> {
}
