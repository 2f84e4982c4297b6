/**
 * The RecEngine plugin SPI.
 *
 * <p>A plugin is a jar (or a folder of jars) with a {@code META-INF/services/io.recengine.spi.Plugin}
 * entry. Its {@link io.recengine.spi.Plugin} returns factories; each factory has a {@code type()}, the
 * value users write in the PAI-Rec JSON ({@code RecallType}, {@code FilterType}, {@code SortType},
 * {@code AdapterType}, {@code Processor}/{@code Type}, {@code DataSource.Type}, a datasource map key),
 * and builds immutable, thread-safe products from a {@link io.recengine.spi.ComponentConfig}.
 *
 * <p>This package depends on the JDK and slf4j-api only. It is the only package (with {@code org.slf4j.})
 * that plugin class loaders share with the engine.
 */
package io.recengine.spi;
