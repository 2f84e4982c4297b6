/**
 * Concurrency helpers shared by the engine and plugins: {@link io.recengine.spi.concurrent.Fanout}, the
 * one way to run independent tasks in parallel under a per-task budget and the request deadline;
 * {@link io.recengine.spi.concurrent.Bulkhead}, the per-component concurrency limit it honours;
 * {@link io.recengine.spi.concurrent.FailureText}, the one mapping from an outcome to its metric label
 * and the neutral text a client may see; and {@link io.recengine.spi.concurrent.Retry}, a remote call tried
 * up to {@code RetryTimes} attempts. JDK only, like the rest of the SPI.
 */
package io.recengine.spi.concurrent;
