/**
 * The embedded match engine (AIME-compatible x2i and vector services, detail tables) as seen by plugins:
 * {@link io.recengine.spi.match.MatchEngine}, obtained with
 * {@code PluginContext.service(MatchEngine.class)}. Requests and answers use the same model whether they
 * travel over HTTP ({@code GET /be}) or stay in process. JDK only.
 */
package io.recengine.spi.match;
