/**
 * Concurrency helpers shared by the engine and plugins: {@link io.recengine.spi.concurrent.Fanout}, the
 * one way to run independent tasks in parallel under a per-task budget and the request deadline.
 * JDK only, like the rest of the SPI.
 */
package io.recengine.spi.concurrent;
